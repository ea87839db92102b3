package dev.flowdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The semantics of {@link FeatureStore}, run against every kind of database (file in WAL mode,
 * in-memory; a new backend adds a subclass that names its {@link FlowDbExtension}). Messages are
 * the Python original's (REFERENCE §7.23).
 */
@Tag("contract")
abstract class FeatureStoreContract {

    protected FlowDbExtension.TestClock clock;
    protected Database db;
    protected FeatureStore features;

    /** {@return the extension that opens a fresh database of the kind under test for each test} */
    protected abstract FlowDbExtension backend();

    @BeforeEach
    void openDatabase() {
        db = backend().db();
        clock = backend().clock();
        features = db.features(Actor.of("coder-1", "mcp"));
    }

    static NewFeature nf(String name) {
        return new NewFeature("core", name, "build " + name, List.of("check " + name));
    }

    Feature create(String name, Long... deps) {
        NewFeature f = nf(name);
        for (Long d : deps) {
            f = f.dependsOn(DependencyRef.id(d));
        }
        return features.create(f);
    }

    /** Asserts that a failing call leaves the database exactly as it was (rows and log). */
    void assertUnchanged(ThrowingCallable call, Class<? extends FlowDbException> type, String message) {
        List<Feature> before = features.getAll();
        List<ChangeEvent> log = db.events().since(0, 100_000);
        var thrown = assertThatThrownBy(call).isInstanceOf(type);
        if (message != null) {
            thrown.hasMessage(message);
        }
        assertThat(features.getAll()).isEqualTo(before);
        assertThat(db.events().since(0, 100_000)).isEqualTo(log);
    }

    // ------------------------------------------------------------------ create

    @Test
    void createGivesPriorityMaxPlusOneAndRecordsWhoCreatedIt() {
        Feature a = create("a");
        Feature b = create("b");
        Feature c = features.create(nf("c").withPriority(50));
        Feature d = create("d");
        assertThat(List.of(a.priority(), b.priority(), c.priority(), d.priority())).containsExactly(1L, 2L, 50L, 51L);
        assertThat(a.passes() || a.inProgress() || a.needsHumanInput()).isFalse();
        assertThat(a.createdAt()).isEqualTo(clock.instant()).isEqualTo(a.updatedAt());
        ChangeEvent created = db.events().forFeature(a.id()).get(0);
        assertThat(created.eventType()).isEqualTo("created");
        assertThat(created.agent()).isEqualTo("coder-1");
        assertThat(created.source()).isEqualTo("mcp");
        assertThat(created.createdAt()).isEqualTo(clock.instant());
    }

    @Test
    void createValidatesEveryFieldAndNamesIt() {
        assertUnchanged(() -> features.create(new NewFeature("", "n", "d", List.of("s"))), ValidationException.class, "category must not be blank");
        assertUnchanged(() -> features.create(new NewFeature("c".repeat(101), "n", "d", List.of("s"))), ValidationException.class,
                "category must be at most 100 characters, got 101");
        assertUnchanged(() -> features.create(new NewFeature("c", "n".repeat(256), "d", List.of("s"))), ValidationException.class,
                "name must be at most 255 characters, got 256");
        assertUnchanged(() -> features.create(new NewFeature("c", "n", " ", List.of("s"))), ValidationException.class, "description must not be blank");
        assertUnchanged(() -> features.create(new NewFeature("c", "n", "d", List.of())), ValidationException.class, "steps must list at least one step");
        assertUnchanged(() -> features.create(new NewFeature("c", "n", "d", null)), ValidationException.class, "steps must list at least one step");
        assertThat(features.create(new NewFeature("c".repeat(100), "n".repeat(255), "d", List.of("s"))).name()).hasSize(255);
    }

    @Test
    void createChecksDependenciesLikeSetDependencies() {
        Feature a = create("a");
        assertUnchanged(() -> create("b", 99L), InvalidDependencyException.class, "Dependencies not found: [99]");
        assertUnchanged(() -> create("b", a.id(), a.id()), InvalidDependencyException.class, "Duplicate dependencies not allowed");
        assertUnchanged(() -> features.create(nf("b").dependsOn(DependencyRef.index(0))), InvalidDependencyException.class, null);
        Feature b = create("b", a.id());
        assertThat(b.dependencies()).containsExactly(a.id());
    }

    @Test
    void idsAreNeverReusedSoADeletedFeaturesHistoryStaysItsOwn() {
        Feature a = create("a");
        Feature b = create("b");
        features.delete(b.id());
        Feature c = create("c");
        assertThat(c.id()).isGreaterThan(b.id());
        assertThat(db.events().forFeature(c.id())).extracting(ChangeEvent::eventType).containsExactly("created");
        assertThat(a.id()).isLessThan(b.id());
    }

    // ------------------------------------------------------------------ bulk

    @Test
    void createBulkResolvesIndexAndIdReferencesForwardAndBackward() {
        Feature existing = create("existing");
        List<Feature> created = features.createBulk(List.of(
                nf("a").dependsOn(DependencyRef.index(2)),
                nf("b").dependsOn(DependencyRef.index(0), DependencyRef.id(existing.id())),
                nf("c")));
        assertThat(created).extracting(Feature::name).containsExactly("a", "b", "c");
        long a = created.get(0).id();
        long c = created.get(2).id();
        assertThat(created.get(0).dependencies()).containsExactly(c);
        assertThat(created.get(1).dependencies()).containsExactly(existing.id(), a);
        assertThat(created).extracting(Feature::priority).containsExactly(2L, 3L, 4L);
        assertThat(db.events().forFeature(c)).extracting(ChangeEvent::eventType).containsExactly("created");
    }

    @Test
    void createBulkIsAllOrNothing() {
        create("existing");
        assertUnchanged(() -> features.createBulk(List.of(nf("a"), nf("b").dependsOn(DependencyRef.id(999)))),
                InvalidDependencyException.class, "Dependency 999 not found for feature at index 1");
        assertUnchanged(() -> features.createBulk(List.of(nf("a").dependsOn(DependencyRef.index(1)), nf("b").dependsOn(DependencyRef.index(0)))),
                InvalidDependencyException.class, "Features at indices [0, 1] would form a circular dependency");
        assertUnchanged(() -> features.createBulk(List.of(nf("a"), nf("b").dependsOn(DependencyRef.index(5)))),
                InvalidDependencyException.class, "Feature at index 1 has invalid dependency index: 5 (the batch has 2 features)");
        assertUnchanged(() -> features.createBulk(List.of(nf("a"), nf("b").dependsOn(DependencyRef.index(1)))),
                InvalidDependencyException.class, "Feature at index 1 cannot depend on itself");
        assertUnchanged(() -> features.createBulk(List.of(nf("a"), nf("b").dependsOn(DependencyRef.index(0), DependencyRef.index(0)))),
                InvalidDependencyException.class, "Feature at index 1 has duplicate dependencies");
        assertUnchanged(() -> features.createBulk(List.of(nf("a"), new NewFeature("c", "", "d", List.of("s")))),
                ValidationException.class, "features[1].name must not be blank");
        NewFeature many = nf("many");
        List<Feature> twentyOne = features.createBulk(java.util.Collections.nCopies(21, nf("x")));
        for (Feature f : twentyOne) {
            many = many.dependsOn(DependencyRef.id(f.id()));
        }
        NewFeature tooMany = many;
        assertUnchanged(() -> features.createBulk(List.of(tooMany)), InvalidDependencyException.class,
                "Feature at index 0 has 21 dependencies, max is 20");
        assertThat(features.createBulk(List.of())).isEmpty();
    }

    @Test
    void createBulkCanSkipFeaturesThatExistAlready() {
        Feature login = features.create(new NewFeature("auth", "Login", "d", List.of("s")));
        FeatureStore.BulkResult result = features.createBulkSkippingDuplicates(List.of(
                new NewFeature("auth", "Login", "again", List.of("s")),
                new NewFeature("auth", "Logout", "d", List.of("s")).dependsOn(DependencyRef.index(0)),
                new NewFeature("auth", "Logout", "twice in the batch", List.of("s"))));
        assertThat(result.skipped()).containsExactly(0, 2);
        assertThat(result.created()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("Logout");
            assertThat(f.dependencies()).containsExactly(login.id());
        });
        assertThat(features.getAll()).hasSize(2);
    }

    // ------------------------------------------------------------------ reads

    @Test
    void getByIdAndGetAllOrderByPriorityThenId() {
        Feature a = features.create(nf("a").withPriority(5));
        Feature b = features.create(nf("b").withPriority(1));
        Feature c = features.create(nf("c").withPriority(5));
        assertThat(features.getAll()).extracting(Feature::id).containsExactly(b.id(), a.id(), c.id());
        assertThat(features.getById(a.id())).contains(a);
        assertThat(features.getById(999)).isEmpty();
        assertThatThrownBy(() -> features.getById(0)).isInstanceOf(ValidationException.class).hasMessage("id must be at least 1, got 0");
    }

    @Test
    void readyExcludesPassingInProgressWaitingAndUnmetDependencies() {
        Feature a = create("a");
        Feature b = create("b", a.id());
        Feature c = create("c");
        Feature d = create("d");
        Feature e = create("e");
        features.claim(c.id());
        features.claim(d.id());
        features.requestHumanInput(d.id(), new HumanInputRequest("which colour?", List.of(HumanInputRequest.Field.text("colour", "Colour"))));
        assertThat(features.ready(10).features()).extracting(Feature::id).containsExactlyInAnyOrder(a.id(), e.id());
        assertThat(features.ready(10).totalReady()).isEqualTo(2);
        features.markPassing(a.id());
        assertThat(features.ready(10).features()).extracting(Feature::id).containsExactlyInAnyOrder(b.id(), e.id());
        features.markFailing(a.id());
        assertThat(features.ready(10).features()).extracting(Feature::id).doesNotContain(b.id());
        assertThat(features.ready(1).features()).hasSize(1);
        assertThat(features.ready(1).totalReady()).isEqualTo(2);
        assertThatThrownBy(() -> features.ready(0)).isInstanceOf(ValidationException.class).hasMessage("limit must be at least 1, got 0");
    }

    @Test
    void aMissingDependencyIsNeverSatisfied() {
        Feature a = create("a");
        Feature b = create("b", a.id());
        features.markPassing(a.id());
        features.delete(a.id());
        assertThat(features.getById(b.id()).orElseThrow().dependencies()).isEmpty();
        // written by another tool: a dangling id
        db.write(tx -> tx.dsl().execute("update features set dependencies = '[12345]' where id = " + b.id()));
        assertThat(features.ready(10).features()).extracting(Feature::id).doesNotContain(b.id());
        assertThat(features.blocked(10).features()).singleElement().satisfies(x -> assertThat(x.blockedBy()).containsExactly(12345L));
    }

    @Test
    void readyOrdersByUnblockingPowerThenPriorityThenId() {
        Feature leaf1 = features.create(nf("leaf1").withPriority(1));
        Feature root = features.create(nf("root").withPriority(9));
        create("child", root.id());
        Feature leaf2 = features.create(nf("leaf2").withPriority(1));
        // root unblocks a child: it goes first despite its priority; the leaves tie on score and priority
        assertThat(features.ready(10).features()).extracting(Feature::id).containsExactly(root.id(), leaf1.id(), leaf2.id());
    }

    @Test
    void blockedListsWhatBlocksEachFeatureInStoredOrder() {
        Feature a = create("a");
        Feature b = create("b");
        Feature c = create("c", a.id(), b.id());
        Feature d = create("d", a.id());
        features.markPassing(a.id());
        features.claim(d.id());
        BlockedPage page = features.blocked(10);
        assertThat(page.totalBlocked()).isEqualTo(1);
        assertThat(page.features()).singleElement().satisfies(x -> {
            assertThat(x.feature().id()).isEqualTo(c.id());
            assertThat(x.blockedBy()).containsExactly(b.id());
        });
        features.markFailing(a.id());
        assertThat(features.blocked(10).features()).extracting(x -> x.feature().id()).containsExactly(c.id(), d.id());
        assertThat(features.blocked(1).totalBlocked()).isEqualTo(2);
        assertThat(features.blocked(1).features()).hasSize(1);
    }

    @Test
    void statsCountsLikeThePythonOriginalAndRoundsHalfEven() {
        assertThat(features.stats()).isEqualTo(new FeatureStats(0, 0, 0, 0, 0.0));
        List<Feature> all = features.createBulk(java.util.Collections.nCopies(16, nf("x")));
        features.markPassing(all.get(0).id());
        features.claim(all.get(1).id());
        FeatureStats s = features.stats();
        assertThat(s).isEqualTo(new FeatureStats(1, 1, 0, 16, 6.2));
        assertThat(s.isComplete()).isFalse();
        for (Feature f : all.subList(1, 16)) {
            features.markPassing(f.id());
        }
        assertThat(features.stats().isComplete()).isTrue();
        assertThat(features.stats().percentage()).isEqualTo(100.0);
    }

    @Test
    void graphHasPythonStatusesDependentsAndEveryEdge() {
        Feature a = create("a");
        Feature b = create("b", a.id());
        Feature c = create("c", a.id(), b.id());
        features.claim(c.id());
        features.markPassing(a.id());
        DependencyGraph g = features.graph();
        assertThat(g.nodes()).extracting(DependencyGraph.GraphNode::status)
                .containsExactly(FeatureStatus.DONE, FeatureStatus.PENDING, FeatureStatus.BLOCKED);
        assertThat(g.nodes().get(0).dependents()).containsExactly(b.id(), c.id());
        assertThat(g.edges()).containsExactly(new DependencyGraph.Edge(a.id(), b.id()), new DependencyGraph.Edge(a.id(), c.id()),
                new DependencyGraph.Edge(b.id(), c.id()));
    }

    // ------------------------------------------------------------------ claims

    @Test
    void claimIsIdempotentAndRefusesWithTheOriginalsReasons() {
        Feature a = create("a");
        ClaimResult first = features.claim(a.id());
        assertThat(first).isInstanceOf(ClaimResult.Claimed.class);
        Feature claimed = first.feature().orElseThrow();
        assertThat(claimed.inProgress()).isTrue();
        assertThat(claimed.claimedBy()).isEqualTo("coder-1");
        assertThat(claimed.claimedAt()).isEqualTo(clock.instant());
        ClaimResult again = db.features(Actor.of("coder-2", "mcp")).claim(a.id());
        assertThat(again).isInstanceOf(ClaimResult.AlreadyClaimed.class);
        assertThat(again.isClaimed()).isTrue();
        assertThat(again.feature().orElseThrow().claimedBy()).isEqualTo("coder-1");
        assertThat(features.claim(999)).isEqualTo(new ClaimResult.Refused(999, ClaimResult.Reason.NOT_FOUND, "Feature with ID 999 not found", null));
        features.markPassing(a.id());
        assertThat(features.claim(a.id())).isInstanceOfSatisfying(ClaimResult.Refused.class,
                r -> assertThat(r.message()).isEqualTo("Feature with ID " + a.id() + " is already passing"));
        assertThat(db.events().forFeature(a.id())).extracting(ChangeEvent::eventType).containsExactly("created", "claimed", "status_change");
    }

    @Test
    void claimNextReadyTakesTheFirstReadyFeatureAndStopsWhenNoneIsLeft() {
        Feature a = create("a");
        Feature b = create("b", a.id());
        assertThat(features.claimNextReady()).get().extracting(Feature::id).isEqualTo(a.id());
        assertThat(features.claimNextReady()).isEmpty();
        features.markPassing(a.id());
        assertThat(features.claimNextReady()).get().extracting(Feature::id).isEqualTo(b.id());
    }

    @Test
    void markInProgressIsNotIdempotent() {
        Feature a = create("a");
        assertThat(features.markInProgress(a.id()).inProgress()).isTrue();
        assertUnchanged(() -> features.markInProgress(a.id()), IllegalFeatureStateException.class, "Feature with ID " + a.id() + " is already in-progress");
        assertUnchanged(() -> features.markInProgress(77), FeatureNotFoundException.class, "Feature with ID 77 not found");
        features.markPassing(a.id());
        assertUnchanged(() -> features.markInProgress(a.id()), IllegalFeatureStateException.class, "Feature with ID " + a.id() + " is already passing");
    }

    @Test
    void clearInProgressIsIdempotentAndLeavesPassesAlone() {
        Feature a = create("a");
        features.claim(a.id());
        Feature cleared = features.clearInProgress(a.id());
        assertThat(cleared.inProgress()).isFalse();
        assertThat(cleared.claimedBy()).isNull();
        int events = db.events().forFeature(a.id()).size();
        assertThat(features.clearInProgress(a.id())).isEqualTo(cleared);
        assertThat(db.events().forFeature(a.id())).hasSize(events);
        assertUnchanged(() -> features.clearInProgress(77), FeatureNotFoundException.class, "Feature with ID 77 not found");
    }

    @Test
    void markPassingTwiceIsAnErrorAndMarkFailingClearsProgress() {
        Feature a = create("a");
        features.claim(a.id());
        Feature passed = features.markPassing(a.id());
        assertThat(passed.passes()).isTrue();
        assertThat(passed.inProgress()).isFalse();
        assertUnchanged(() -> features.markPassing(a.id()), IllegalFeatureStateException.class, "Feature with ID " + a.id() + " is already passing");
        assertUnchanged(() -> features.markPassing(42), FeatureNotFoundException.class, "Feature with ID 42 not found");
        features.markFailing(a.id());
        features.claim(a.id());
        Feature failed = features.markFailing(a.id());
        assertThat(failed.passes()).isFalse();
        assertThat(failed.inProgress()).isFalse();
        assertUnchanged(() -> features.markFailing(42), FeatureNotFoundException.class, "Feature with ID 42 not found");
    }

    @Test
    void skipMovesToMaxPriorityPlusOneAndClearsProgress() {
        Feature a = create("a");
        Feature b = create("b");
        features.claim(a.id());
        FeatureStore.SkipResult r = features.skip(a.id());
        assertThat(r.oldPriority()).isEqualTo(1);
        assertThat(r.newPriority()).isEqualTo(3);
        assertThat(r.feature().inProgress()).isFalse();
        // skipping the last feature still moves it up
        assertThat(features.skip(a.id()).newPriority()).isEqualTo(4);
        features.markPassing(b.id());
        assertUnchanged(() -> features.skip(b.id()), IllegalFeatureStateException.class, "Cannot skip a feature that is already passing");
        assertUnchanged(() -> features.skip(99), FeatureNotFoundException.class, "Feature with ID 99 not found");
        ChangeEvent skipped = db.events().forFeature(a.id()).get(db.events().forFeature(a.id()).size() - 1);
        assertThat(skipped.eventType()).isEqualTo("skipped");
        assertThat(skipped.field()).isEqualTo("priority");
        assertThat(skipped.oldValue()).isEqualTo("3");
        assertThat(skipped.newValue()).isEqualTo("4");
    }

    @Test
    void theOriginalRestRulesStoreEmptyTextsAndNoStepsAndSkipOnlyMoves() {
        FeatureStore rest = db.features(Actor.of("web", "http"), EntryRules.ORIGINAL_REST);
        NewFeature bare = new NewFeature("", "", "", List.of());
        assertUnchanged(() -> features.create(bare), ValidationException.class, "category must not be blank");
        assertUnchanged(() -> features.create(new NewFeature("c", "n", "d", List.of())), ValidationException.class,
                "steps must list at least one step");
        Feature stored = rest.create(bare);
        assertThat(stored.steps()).isEmpty();
        assertThat(stored.name()).isEmpty();
        assertThat(rest.createBulk(List.of(new NewFeature("c", " ", "", List.of("")))).get(0).steps()).containsExactly("");
        assertThat(rest.update(stored.id(), FeatureUpdate.empty().withDescription("").withSteps(List.of())).description()).isEmpty();
        assertUnchanged(() -> features.update(stored.id(), FeatureUpdate.empty().withDescription(" ")), ValidationException.class,
                "description must not be blank");
        // what both keep: null, the length limits and the dependency rules
        assertUnchanged(() -> rest.create(new NewFeature("x".repeat(101), "n", "", List.of())), ValidationException.class,
                "category must be at most 100 characters, got 101");
        assertUnchanged(() -> rest.create(new NewFeature("c", null, "", List.of())), ValidationException.class, "name must not be null");
        assertUnchanged(() -> rest.create(new NewFeature("c", "n", "", List.of()).dependsOn(DependencyRef.id(99))),
                InvalidDependencyException.class, null);

        Feature a = create("a");
        Feature b = create("b");
        features.claim(a.id());
        FeatureStore.SkipResult moved = rest.skip(a.id());
        assertThat(moved.feature().inProgress()).as("a claim survives the REST skip").isTrue();
        assertThat(moved.feature().claimedBy()).isEqualTo("coder-1");
        features.markPassing(b.id());
        assertThat(rest.skip(b.id()).feature().passes()).as("a passing feature is moved, not refused").isTrue();
        ChangeEvent skipped = db.events().forFeature(b.id()).get(db.events().forFeature(b.id()).size() - 1);
        assertThat(skipped.eventType()).isEqualTo("skipped");
        assertThat(skipped.field()).isEqualTo("priority");
    }

    @Test
    void everyVerbRefusesAnIdBelowOneNamingTheArgument() {
        create("a");
        HumanInputRequest ask = HumanInputRequest.parse("{\"prompt\":\"p\",\"fields\":[{\"id\":\"x\",\"label\":\"X\"}]}");
        Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
        calls.put("id", () -> features.claim(0));
        calls.put("id ", () -> features.markInProgress(0));
        calls.put("id  ", () -> features.clearInProgress(0));
        calls.put("id   ", () -> features.markPassing(0));
        calls.put("id    ", () -> features.markFailing(-1));
        calls.put("id     ", () -> features.skip(0));
        calls.put("id      ", () -> features.update(0, FeatureUpdate.empty().withName("n")));
        calls.put("id       ", () -> features.delete(0));
        calls.put("id        ", () -> features.requestHumanInput(0, ask));
        calls.put("id         ", () -> features.answerHumanInput(0, Map.of("x", "y")));
        calls.put("id          ", () -> features.renewClaim(0));
        calls.put("featureId", () -> features.addDependency(0, 1));
        calls.put("dependencyId", () -> features.addDependency(1, 0));
        calls.put("featureId ", () -> features.removeDependency(-3, 1));
        calls.put("featureId  ", () -> features.setDependencies(0, List.of(1L)));
        calls.forEach((field, call) -> {
            String name = field.strip();
            assertUnchanged(call, ValidationException.class, null);
            assertThatThrownBy(call).as(name).isInstanceOf(ValidationException.class).hasMessageStartingWith(name + " must be at least 1, got ")
                    .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(name));
        });
    }

    @Test
    void everyDependencyRefusalSaysWhichRuleItBroke() {
        Feature a = create("a");
        Feature b = create("b", a.id());
        assertThat(reason(() -> features.addDependency(a.id(), a.id()))).isEqualTo(InvalidDependencyException.Reason.SELF);
        assertThat(reason(() -> features.addDependency(a.id(), 99))).isEqualTo(InvalidDependencyException.Reason.UNKNOWN);
        assertThat(reason(() -> features.addDependency(b.id(), a.id()))).isEqualTo(InvalidDependencyException.Reason.ALREADY_EXISTS);
        assertThat(reason(() -> features.addDependency(a.id(), b.id()))).isEqualTo(InvalidDependencyException.Reason.CYCLE);
        assertThat(reason(() -> features.removeDependency(a.id(), b.id()))).isEqualTo(InvalidDependencyException.Reason.DOES_NOT_EXIST);
        assertThat(reason(() -> features.setDependencies(a.id(), List.of(b.id())))).isEqualTo(InvalidDependencyException.Reason.CYCLE);
        assertThat(reason(() -> features.createBulk(List.of(nf("x").dependsOn(DependencyRef.index(5))))))
                .isEqualTo(InvalidDependencyException.Reason.BATCH_INDEX);
        assertThat(new InvalidDependencyException("custom").reason()).isEqualTo(InvalidDependencyException.Reason.OTHER);
    }

    private static InvalidDependencyException.Reason reason(ThrowingCallable call) {
        try {
            call.call();
        } catch (InvalidDependencyException refused) {
            return refused.reason();
        } catch (Throwable other) {
            throw new AssertionError("expected an InvalidDependencyException, got " + other, other);
        }
        throw new AssertionError("expected an InvalidDependencyException, nothing was thrown");
    }

    @Test
    void staleClaimsAreReleasedByTheInjectedClock() {
        Feature a = create("a");
        Feature b = create("b");
        features.claim(a.id());
        clock.advance(Duration.ofMinutes(20));
        features.claim(b.id());
        clock.advance(Duration.ofMinutes(5));
        List<Feature> released = features.releaseStaleClaims(Duration.ofMinutes(10));
        assertThat(released).extracting(Feature::id).containsExactly(a.id());
        assertThat(released.get(0).claimedBy()).isEqualTo("coder-1");
        assertThat(features.getById(a.id()).orElseThrow().inProgress()).isFalse();
        assertThat(features.getById(b.id()).orElseThrow().inProgress()).isTrue();
        assertThat(db.events().forFeature(a.id()).get(2).eventType()).isEqualTo("claim_released");
        assertThat(features.releaseStaleClaims(Duration.ofMinutes(10))).isEmpty();
    }

    @Test
    void aRenewedClaimOutlivesTheStaleBoundAndGoesStaleOnceRenewalsStop() {
        Feature a = create("a");
        Feature b = create("b");
        features.claim(a.id());
        features.claim(b.id());
        for (int i = 0; i < 12; i++) {                       // two hours of work, renewed every ten minutes
            clock.advance(Duration.ofMinutes(10));
            assertThat(features.renewClaim(a.id())).isInstanceOf(RenewResult.Renewed.class);
            assertThat(features.releaseStaleClaims(Duration.ofMinutes(30))).extracting(Feature::id).doesNotContain(a.id());
        }
        assertThat(features.getById(b.id()).orElseThrow().inProgress()).as("never renewed: released long ago").isFalse();
        Feature kept = features.getById(a.id()).orElseThrow();
        assertThat(kept.inProgress()).isTrue();
        assertThat(kept.claimedAt()).as("the claim's own time stays").isEqualTo(Instant.parse("2026-03-01T10:00:00.000Z"));
        assertThat(kept.claimRenewedAt()).isEqualTo(clock.instant()).isEqualTo(kept.leaseStartedAt());
        clock.advance(Duration.ofMinutes(29));
        assertThat(features.releaseStaleClaims(Duration.ofMinutes(30))).isEmpty();
        clock.advance(Duration.ofMinutes(2));                // the renewer stopped: the lease runs out
        assertThat(features.releaseStaleClaims(Duration.ofMinutes(30))).extracting(Feature::id).containsExactly(a.id());
        Feature freed = features.getById(a.id()).orElseThrow();
        assertThat(freed.claimedBy()).isNull();
        assertThat(freed.claimRenewedAt()).isNull();
        assertThat(db.events().forFeature(a.id())).extracting(ChangeEvent::eventType)
                .containsSubsequence("claimed", "claim_renewed", "claim_renewed", "claim_released")
                .filteredOn("claim_renewed"::equals).hasSize(12);
    }

    @Test
    void onlyTheHolderRenewsAndARefusalChangesNothing() {
        Feature a = create("a");
        Feature b = create("b");
        features.claim(a.id());
        FeatureStore other = db.features(Actor.of("coder-2", "mcp"));
        List<Feature> before = features.getAll();
        int events = db.events().since(0, 1000).size();
        assertThat(other.renewClaim(a.id())).isInstanceOfSatisfying(RenewResult.NotHeld.class, r -> {
            assertThat(r.reason()).isEqualTo(RenewResult.Reason.CLAIMED_BY_OTHER);
            assertThat(r.message()).isEqualTo("Feature with ID " + a.id() + " is claimed by coder-1, not coder-2");
        });
        assertThat(features.renewClaim(b.id())).isInstanceOfSatisfying(RenewResult.NotHeld.class,
                r -> assertThat(r.reason()).isEqualTo(RenewResult.Reason.NOT_CLAIMED));
        assertThat(features.renewClaim(999)).isInstanceOfSatisfying(RenewResult.NotHeld.class, r -> {
            assertThat(r.reason()).isEqualTo(RenewResult.Reason.NOT_FOUND);
            assertThat(r.message()).isEqualTo("Feature with ID 999 not found");
            assertThat(r.feature()).isEmpty();
        });
        assertThat(other.renewClaims()).isEmpty();
        assertThat(features.getAll()).isEqualTo(before);
        assertThat(db.events().since(0, 1000)).hasSize(events);
        clock.advance(Duration.ofSeconds(5));
        assertThat(features.renewClaims()).extracting(Feature::id).containsExactly(a.id());
        assertThatThrownBy(() -> features.renewClaim(0)).isInstanceOf(ValidationException.class);
    }

    @Test
    void releaseClaimsOfFreesExactlyThatAgentsClaimsAndIsAudited() {
        Feature a = create("a");
        Feature b = create("b");
        Feature c = create("c");
        FeatureStore dead = db.features(Actor.of("coder-dead", "mcp"));
        dead.claim(a.id());
        dead.claim(c.id());
        features.claim(b.id());
        FeatureStore orchestrator = db.features(Actor.of("orchestrator", "cli"));
        List<Feature> released = orchestrator.releaseClaimsOf("coder-dead");
        assertThat(released).extracting(Feature::id).containsExactly(a.id(), c.id());
        assertThat(released).extracting(Feature::claimedBy).containsOnly("coder-dead");
        assertThat(features.getById(a.id()).orElseThrow().inProgress()).isFalse();
        assertThat(features.getById(c.id()).orElseThrow().inProgress()).isFalse();
        assertThat(features.getById(b.id()).orElseThrow().claimedBy()).isEqualTo("coder-1");
        ChangeEvent release = db.events().forFeature(a.id()).get(db.events().forFeature(a.id()).size() - 1);
        assertThat(release.eventType()).isEqualTo("claim_released");
        assertThat(release.agent()).isEqualTo("orchestrator");
        assertThat(orchestrator.releaseClaimsOf("coder-dead")).isEmpty();
        assertThat(orchestrator.releaseClaimsOf("nobody")).isEmpty();
        assertUnchanged(() -> orchestrator.releaseClaimsOf(" "), ValidationException.class, "agent must not be blank");
    }

    // ------------------------------------------------------------------ dependencies

    @Test
    void addDependencyChecksInThePythonOrder() {
        Feature a = create("a");
        Feature b = create("b");
        assertUnchanged(() -> features.addDependency(a.id(), a.id()), InvalidDependencyException.class, "A feature cannot depend on itself");
        assertUnchanged(() -> features.addDependency(50, a.id()), FeatureNotFoundException.class, "Feature 50 not found");
        assertUnchanged(() -> features.addDependency(a.id(), 50), InvalidDependencyException.class, "Dependency feature 50 not found");
        assertThat(features.addDependency(b.id(), a.id())).containsExactly(a.id());
        assertUnchanged(() -> features.addDependency(b.id(), a.id()), InvalidDependencyException.class, "Dependency already exists");
        assertUnchanged(() -> features.addDependency(a.id(), b.id()), InvalidDependencyException.class, "Cannot add: would create circular dependency");
        List<Feature> many = features.createBulk(java.util.Collections.nCopies(20, nf("m")));
        Feature c = create("c");
        for (Feature m : many) {
            features.addDependency(c.id(), m.id());
        }
        assertUnchanged(() -> features.addDependency(c.id(), a.id()), InvalidDependencyException.class, "Maximum 20 dependencies allowed per feature");
        assertUnchanged(() -> features.addDependency(c.id(), many.get(0).id()), InvalidDependencyException.class, "Maximum 20 dependencies allowed per feature");
    }

    @Test
    void theCycleCheckHasNoDepthLimit() {
        List<NewFeature> chain = new ArrayList<>();
        chain.add(nf("f0"));
        for (int i = 1; i < 80; i++) {
            chain.add(nf("f" + i).dependsOn(DependencyRef.index(i - 1)));
        }
        List<Feature> created = features.createBulk(chain);
        Feature first = created.get(0);
        Feature last = created.get(79);
        Feature other = create("other");
        // the original refuses this (ancestry deeper than 50); it closes no cycle
        assertThat(features.addDependency(other.id(), last.id())).containsExactly(last.id());
        assertThatThrownBy(() -> features.addDependency(first.id(), last.id()))
                .isInstanceOf(InvalidDependencyException.class).hasMessage("Cannot add: would create circular dependency");
    }

    @Test
    void removeDependencyRemovesEvenDanglingIds() {
        Feature a = create("a");
        Feature b = create("b", a.id());
        assertThat(features.removeDependency(b.id(), a.id())).isEmpty();
        assertUnchanged(() -> features.removeDependency(b.id(), a.id()), InvalidDependencyException.class, "Dependency does not exist");
        assertUnchanged(() -> features.removeDependency(99, a.id()), FeatureNotFoundException.class, "Feature 99 not found");
        db.write(tx -> tx.dsl().execute("update features set dependencies = '[777, " + a.id() + ", 777]' where id = " + b.id()));
        assertThat(features.removeDependency(b.id(), 777)).containsExactly(a.id());
    }

    @Test
    void setDependenciesChecksInThePythonOrderAndStoresSorted() {
        Feature a = create("a");
        Feature b = create("b");
        Feature c = create("c");
        assertUnchanged(() -> features.setDependencies(c.id(), List.of(c.id())), InvalidDependencyException.class, "A feature cannot depend on itself");
        assertUnchanged(() -> features.setDependencies(c.id(), java.util.stream.LongStream.rangeClosed(100, 120).boxed().toList()),
                InvalidDependencyException.class, "Maximum 20 dependencies allowed");
        assertUnchanged(() -> features.setDependencies(c.id(), List.of(a.id(), a.id())), InvalidDependencyException.class, "Duplicate dependencies not allowed");
        assertUnchanged(() -> features.setDependencies(99, List.of(a.id())), FeatureNotFoundException.class, "Feature 99 not found");
        assertUnchanged(() -> features.setDependencies(c.id(), List.of(70L, a.id(), 30L)), InvalidDependencyException.class, "Dependencies not found: [70, 30]");
        assertThat(features.setDependencies(c.id(), List.of(b.id(), a.id()))).containsExactly(a.id(), b.id());
        assertUnchanged(() -> features.setDependencies(a.id(), List.of(b.id(), c.id())), InvalidDependencyException.class,
                "Cannot add dependency " + c.id() + ": would create circular dependency");
        assertThat(features.setDependencies(c.id(), List.of())).isEmpty();
        assertThat(features.getById(c.id()).orElseThrow().dependencies()).isEmpty();
    }

    // ------------------------------------------------------------------ update, delete, human input

    @Test
    void updateChangesOnlyWhatIsGivenAndRefusesDoneFeatures() {
        Feature a = create("a");
        Feature updated = features.update(a.id(), FeatureUpdate.empty().withName("renamed").withPriority(7).withSteps(List.of("x", "y")));
        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.priority()).isEqualTo(7);
        assertThat(updated.steps()).containsExactly("x", "y");
        assertThat(updated.description()).isEqualTo(a.description());
        assertUnchanged(() -> features.update(a.id(), FeatureUpdate.empty().withCategory("c".repeat(101))), ValidationException.class,
                "category must be at most 100 characters, got 101");
        features.markPassing(a.id());
        assertUnchanged(() -> features.update(a.id(), FeatureUpdate.empty().withName("x")), IllegalFeatureStateException.class,
                "Cannot edit a completed feature. Features marked as done are immutable.");
    }

    @Test
    void deleteRemovesTheIdFromOtherListsAndKeepsTheHistory() {
        Feature a = create("a");
        Feature b = create("b", a.id());
        Feature c = create("c", a.id());
        assertThat(features.delete(a.id())).containsExactly(b.id(), c.id());
        assertThat(features.getById(a.id())).isEmpty();
        assertThat(features.getById(b.id()).orElseThrow().dependencies()).isEmpty();
        assertThat(db.events().forFeature(a.id())).extracting(ChangeEvent::eventType).containsExactly("created", "deleted");
        assertThat(db.events().replay(a.id())).isEmpty();
        assertUnchanged(() -> features.delete(a.id()), FeatureNotFoundException.class, "Feature with ID " + a.id() + " not found");
    }

    @Test
    void humanInputIsRequestedOnlyInProgressAndAnswered() {
        Feature a = create("a");
        HumanInputRequest request = new HumanInputRequest("Which provider?", List.of(
                new HumanInputRequest.Field("provider", "Provider", "select", true, List.of("github", "gitlab")),
                new HumanInputRequest.Field("note", "Note", "textarea", false, List.of())));
        assertUnchanged(() -> features.requestHumanInput(a.id(), request), IllegalFeatureStateException.class,
                "Feature with ID " + a.id() + " is not in progress");
        features.claim(a.id());
        Feature waiting = features.requestHumanInput(a.id(), request);
        assertThat(waiting.needsHumanInput()).isTrue();
        assertThat(waiting.inProgress()).isFalse();
        assertThat(waiting.humanInputRequest()).isEqualTo("{\"prompt\": \"Which provider?\", \"fields\": [{\"id\": \"provider\", \"label\": \"Provider\", "
                + "\"type\": \"select\", \"required\": true, \"options\": [{\"value\": \"github\", \"label\": \"github\"}, {\"value\": \"gitlab\", \"label\": \"gitlab\"}]}, "
                + "{\"id\": \"note\", \"label\": \"Note\", \"type\": \"textarea\", \"required\": false}]}");
        assertThat(features.claim(a.id())).isInstanceOfSatisfying(ClaimResult.Refused.class,
                r -> assertThat(r.message()).isEqualTo("Feature with ID " + a.id() + " is blocked waiting for human input"));
        assertUnchanged(() -> features.answerHumanInput(a.id(), Map.of("note", "x")), ValidationException.class,
                "Required field 'Provider' is missing");
        assertUnchanged(() -> features.answerHumanInput(a.id(), Map.of("provider", "")), ValidationException.class,
                "Required field 'Provider' is missing");
        clock.advance(Duration.ofMillis(1234));
        Feature answered = features.answerHumanInput(a.id(), Map.of("provider", "github"));
        assertThat(answered.needsHumanInput()).isFalse();
        assertThat(answered.humanInputResponse()).isEqualTo("{\"fields\": {\"provider\": \"github\"}, \"responded_at\": \"2026-03-01T10:00:01.234000+00:00\"}");
        assertThat(answered.humanInputRequest()).isEqualTo(waiting.humanInputRequest());
        assertUnchanged(() -> features.answerHumanInput(a.id(), Map.of()), IllegalFeatureStateException.class,
                "Feature is not waiting for human input");
        assertThatThrownBy(() -> new HumanInputRequest("q", List.of(new HumanInputRequest.Field("a", "A", "radio", true, null))))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Field at index 0 has invalid type 'radio'. Must be one of: boolean, select, text, textarea")
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("fields[0].type");
    }

    // ------------------------------------------------------------------ the audit log

    @Test
    void foldingEveryFeaturesEventsReproducesItsRow() {
        Feature a = create("a");
        Feature b = create("b", a.id());
        Feature c = features.createBulk(List.of(nf("c").dependsOn(DependencyRef.id(b.id())))).get(0);
        features.claim(a.id());
        clock.advance(Duration.ofSeconds(3));
        features.markPassing(a.id());
        features.update(b.id(), FeatureUpdate.empty().withDescription("new text").withSteps(List.of("one", "twö")));
        features.skip(b.id());
        features.claim(b.id());
        features.requestHumanInput(b.id(), new HumanInputRequest("q?", List.of(HumanInputRequest.Field.text("x", "X"))));
        features.answerHumanInput(b.id(), Map.of("x", "answer"));
        features.setDependencies(c.id(), List.of(a.id(), b.id()));
        features.removeDependency(c.id(), b.id());
        features.addDependency(c.id(), b.id());
        features.markInProgress(c.id());
        clock.advance(Duration.ofMinutes(1));
        features.renewClaim(c.id());
        clock.advance(Duration.ofHours(2));
        features.releaseStaleClaims(Duration.ofHours(1));
        features.markFailing(a.id());
        db.events().log(a.id(), "comment", null, null, "\"looks good\"");
        for (Feature f : features.getAll()) {
            assertThat(db.events().replay(f.id())).as("replay of %d", f.id()).contains(f);
        }
    }

    @Test
    void aRolledBackChangeLeavesNoEvent() {
        Feature a = create("a");
        int before = db.events().since(0, 1000).size();
        assertThatThrownBy(() -> db.useWrite(tx -> {
            tx.features().markPassing(a.id());
            tx.features().skip(a.id());
        })).isInstanceOf(IllegalFeatureStateException.class);
        assertThat(db.events().since(0, 1000)).hasSize(before);
        assertThat(features.getById(a.id()).orElseThrow().passes()).isFalse();
    }

    @Test
    void eventsAreAFeedWithACursor() {
        Feature a = create("a");
        features.claim(a.id());
        features.markPassing(a.id());
        List<ChangeEvent> all = db.events().since(0, 100);
        assertThat(all).extracting(ChangeEvent::eventType).containsExactly("created", "claimed", "status_change");
        assertThat(db.events().since(all.get(0).id(), 1)).containsExactly(all.get(1));
        ChangeEvent custom = db.events(Actor.of("human", "web")).log(a.id(), "comment", "note", null, "\"nice\"");
        assertThat(custom.agent()).isEqualTo("human");
        assertThat(custom.source()).isEqualTo("web");
        assertThat(db.events().forFeature(a.id())).last().isEqualTo(custom);
        assertThatThrownBy(() -> db.events().log(a.id(), "comment", null, null, "not json"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("newValue");
    }

    @Test
    void theFeedPagesThroughEveryEventAndResumesFromItsCursor() {
        Feature a = create("a");
        features.claim(a.id());
        features.markPassing(a.id());
        List<ChangeEvent> all = db.events().since(0, 100);
        EventPage first = db.events().after(EventCursor.START, 2);
        assertThat(first.events()).containsExactlyElementsOf(all.subList(0, 2));
        EventPage second = db.events().after(first.next(), 10);
        assertThat(second.events()).containsExactlyElementsOf(all.subList(2, all.size()));
        EventPage none = db.events().after(second.next(), 10);
        assertThat(none.events()).isEmpty();
        assertThat(none.next()).isEqualTo(second.next());
        EventCursor tail = db.events().tail();
        Feature b = create("b");
        assertThat(db.events().after(tail, 10).events()).extracting(ChangeEvent::featureId).containsExactly(b.id());
        assertThat(EventCursor.parse(second.next().toString())).isEqualTo(second.next());
        assertThatThrownBy(() -> EventCursor.parse("x:1")).isInstanceOf(ValidationException.class).hasMessageContaining("x:1");
        assertThatThrownBy(() -> db.events().after(EventCursor.START, 0)).isInstanceOf(ValidationException.class);
    }

    @Test
    void aSubscriptionDeliversCommittedEventsInOrderAsRequestedAndEndsWithTheDatabase() throws Exception {
        Feature a = create("a");
        java.util.concurrent.BlockingQueue<FeedEvent> got = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Flow.Subscription> subscription = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch completed = new java.util.concurrent.CountDownLatch(1);
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        db.events().subscribe(EventCursor.START, Duration.ofMillis(10)).subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscription.set(s);
                s.request(2);
            }

            @Override
            public void onNext(FeedEvent item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                errors.add(throwable);
            }

            @Override
            public void onComplete() {
                completed.countDown();
            }
        });
        features.claim(a.id());
        features.markPassing(a.id());
        var seconds = java.util.concurrent.TimeUnit.SECONDS;
        FeedEvent first = got.poll(30, seconds);
        FeedEvent second = got.poll(30, seconds);
        assertThat(first.event().eventType()).isEqualTo("created");
        assertThat(second.event().eventType()).isEqualTo("claimed");
        assertThat(got.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS)).as("no more than requested").isNull();
        subscription.get().request(Long.MAX_VALUE);
        assertThat(got.poll(30, seconds).event().eventType()).isEqualTo("status_change");
        assertThatThrownBy(() -> db.useWrite(tx -> {
            tx.features().create(nf("ghost"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        Feature b = create("b");
        FeedEvent next = got.poll(30, seconds);
        assertThat(next.event().featureId()).as("the rolled-back create is never delivered").isEqualTo(b.id());
        assertThat(db.events().after(second.cursor(), 10).events()).extracting(ChangeEvent::eventType)
                .containsExactly("status_change", "created");
        db.close();
        assertThat(completed.await(30, seconds)).as("closing the database completes the subscription; errors: " + errors).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void aSubscriptionResumedFromADeliveredCursorGetsExactlyWhatCameAfterIt() throws Exception {
        Feature a = create("a");
        features.claim(a.id());
        features.markPassing(a.id());
        List<FeedEvent> all = take(EventCursor.START, 3, Duration.ofSeconds(20));
        assertThat(all).extracting(e -> e.event().eventType()).containsExactly("created", "claimed", "status_change");
        Feature b = create("b");
        List<FeedEvent> resumed = take(all.get(0).cursor(), 3, Duration.ofSeconds(20));
        assertThat(resumed).extracting(e -> e.event().eventType() + " " + e.event().featureId())
                .containsExactly("claimed " + a.id(), "status_change " + a.id(), "created " + b.id());
        assertThat(resumed.get(0).cursor()).isEqualTo(all.get(1).cursor());
        assertThat(take(EventCursor.parse(resumed.get(2).cursor().toString()), 1, Duration.ofMillis(500))).as("nothing after the last").isEmpty();
    }

    /** At most the first {@code n} events a fresh subscription from {@code from} delivers within {@code wait}; then it is cancelled. */
    private List<FeedEvent> take(EventCursor from, int n, Duration wait) throws InterruptedException {
        java.util.concurrent.BlockingQueue<FeedEvent> got = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Flow.Subscription> subscription = new java.util.concurrent.atomic.AtomicReference<>();
        db.events().subscribe(from, Duration.ofMillis(10)).subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscription.set(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(FeedEvent item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        List<FeedEvent> taken = new ArrayList<>();
        long end = System.nanoTime() + wait.toNanos();
        while (taken.size() < n && System.nanoTime() < end) {
            FeedEvent e = got.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (e != null) {
                taken.add(e);
            }
        }
        subscription.get().cancel();
        return taken;
    }

    @Test
    void aTransactionGroupsSeveralOperations() {
        Feature a = create("a");
        Feature b = create("b");
        db.useWrite(Actor.of("orchestrator", "api"), tx -> {
            tx.features().skip(a.id());
            tx.features().addDependency(b.id(), a.id());
        });
        assertThat(features.getById(b.id()).orElseThrow().dependencies()).containsExactly(a.id());
        assertThat(db.events().forFeature(b.id())).last().extracting(ChangeEvent::agent).isEqualTo("orchestrator");
    }
}
