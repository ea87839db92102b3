package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowdb.Actor;
import dev.flowdb.BlockedFeature;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.DependencyGraph;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureNotFoundException;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.IllegalFeatureStateException;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.NewFeature;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of operations, applied to the store and to a plain in-memory model of the
 * Python original's semantics; after every step ready, blocked, stats, graph and every row agree,
 * and every feature's events fold back to its row. Each run is reproducible from its seed.
 * {@link PostgresStoreModelTest} runs the same sequences against PostgreSQL.
 */
class StoreModelTest {

    static final int RUNS = Integer.getInteger("flowdb.it.propertyRuns", 60);
    static final int STEPS = 40;

    static Stream<Long> seeds() {
        return IntStream.range(0, RUNS).mapToObj(i -> 1000L + i);
    }

    /** A feature as the model sees it. */
    static final class M {
        final long id;
        long priority;
        boolean passes;
        boolean inProgress;
        boolean waiting;
        List<Long> deps = new ArrayList<>();

        M(long id, long priority) {
            this.id = id;
            this.priority = priority;
        }
    }

    final TreeMap<Long, M> model = new TreeMap<>();

    /** How often each operation ran over all seeds: every kind must have been exercised. */
    static final Map<Integer, Integer> opsRun = new java.util.concurrent.ConcurrentHashMap<>();

    @org.junit.jupiter.api.AfterAll
    static void everyOperationWasExercised() {
        assertThat(opsRun.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 12).boxed().toList());
    }

    long maxPriority() {
        return model.values().stream().mapToLong(m -> m.priority).max().orElse(0);
    }

    boolean met(M m) {
        return m.deps.stream().allMatch(d -> model.containsKey(d) && model.get(d).passes);
    }

    List<Long> readyOrder() {
        // an oracle of its own, not production's SchedulingScores: a wrong score would otherwise agree with itself
        Map<Long, Double> scores = OriginalScores.of(model.values().stream()
                .map(m -> new OriginalScores.Node(m.id, m.priority, m.deps)).toList());
        return model.values().stream().filter(m -> !m.passes && !m.inProgress && !m.waiting && met(m))
                .sorted(Comparator.<M>comparingDouble(m -> -scores.get(m.id)).thenComparingLong(m -> m.priority).thenComparingLong(m -> m.id))
                .map(m -> m.id).toList();
    }

    boolean reaches(long from, long target) {
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> stack = new ArrayDeque<>(List.of(from));
        while (!stack.isEmpty()) {
            long n = stack.pop();
            if (n == target) {
                return true;
            }
            if (seen.add(n) && model.containsKey(n)) {
                model.get(n).deps.forEach(stack::push);
            }
        }
        return false;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theStoreBehavesLikeTheModel(long seed) {
        Random random = new Random(seed);
        try (Database db = open()) {
            FeatureStore store = db.features(Actor.of("model", "it"));
            for (int step = 0; step < STEPS; step++) {
                String what = step(store, random);
                check(db, store, "seed " + seed + " step " + step + " " + what);
            }
        }
    }

    /** {@return a new, empty backlog for one run} */
    Database open() {
        return Database.openInMemory();
    }

    long pick(Random random) {
        if (model.isEmpty() || random.nextInt(10) == 0) {
            return 1 + random.nextInt(60);
        }
        List<Long> ids = new ArrayList<>(model.keySet());
        return ids.get(random.nextInt(ids.size()));
    }

    String step(FeatureStore store, Random random) {
        int op = model.size() < 3 ? 0 : random.nextInt(12);
        opsRun.merge(op, 1, Integer::sum);
        long id = pick(random);
        M m = model.get(id);
        switch (op) {
            case 0 -> {
                int count = 1 + random.nextInt(3);
                List<NewFeature> batch = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    NewFeature f = new NewFeature("c" + random.nextInt(3), "n" + i, "d", List.of("s"));
                    Set<DependencyRef> refs = new java.util.LinkedHashSet<>();
                    if (!model.isEmpty() && random.nextBoolean()) {
                        refs.add(DependencyRef.id(pick(random)));
                    }
                    if (i > 0 && random.nextBoolean()) {
                        refs.add(DependencyRef.index(random.nextInt(i)));
                    }
                    batch.add(f.dependsOn(refs.toArray(DependencyRef[]::new)));
                }
                boolean unknown = batch.stream().flatMap(f -> f.dependencies().stream())
                        .anyMatch(r -> r instanceof DependencyRef.Id ref && !model.containsKey(ref.id()));
                if (unknown) {
                    assertThatThrownBy(() -> store.createBulk(batch)).isInstanceOf(InvalidDependencyException.class);
                    return "createBulk refused";
                }
                List<Feature> created = store.createBulk(batch);
                long start = maxPriority() + 1;
                for (int i = 0; i < created.size(); i++) {
                    Feature f = created.get(i);
                    assertThat(f.id()).isGreaterThan(model.isEmpty() ? 0 : model.lastKey());
                    M nm = new M(f.id(), start + i);
                    for (DependencyRef r : batch.get(i).dependencies()) {
                        nm.deps.add(r instanceof DependencyRef.Id ref ? ref.id() : created.get(((DependencyRef.Index) r).index()).id());
                    }
                    nm.deps = new ArrayList<>(new TreeSet<>(nm.deps));
                    model.put(f.id(), nm);
                }
                return "createBulk " + created.size();
            }
            case 1 -> {
                ClaimResult r = store.claim(id);
                if (m == null) {
                    assertThat(r).isInstanceOf(ClaimResult.Refused.class);
                } else if (m.passes || m.waiting) {
                    assertThat(r).isInstanceOf(ClaimResult.Refused.class);
                } else if (m.inProgress) {
                    assertThat(r).isInstanceOf(ClaimResult.AlreadyClaimed.class);
                } else {
                    assertThat(r).isInstanceOf(ClaimResult.Claimed.class);
                    m.inProgress = true;
                }
                return "claim " + id;
            }
            case 2 -> {
                List<Long> order = readyOrder();
                Optional<Feature> next = store.claimNextReady();
                assertThat(next.map(Feature::id)).isEqualTo(order.stream().findFirst());
                next.ifPresent(f -> model.get(f.id()).inProgress = true);
                return "claimNextReady";
            }
            case 3 -> {
                if (m == null) {
                    assertThatThrownBy(() -> store.markPassing(id)).isInstanceOf(FeatureNotFoundException.class);
                } else if (m.passes) {
                    assertThatThrownBy(() -> store.markPassing(id)).isInstanceOf(IllegalFeatureStateException.class);
                } else {
                    store.markPassing(id);
                    m.passes = true;
                    m.inProgress = false;
                }
                return "markPassing " + id;
            }
            case 4 -> {
                if (m == null) {
                    assertThatThrownBy(() -> store.markFailing(id)).isInstanceOf(FeatureNotFoundException.class);
                } else {
                    store.markFailing(id);
                    m.passes = false;
                    m.inProgress = false;
                }
                return "markFailing " + id;
            }
            case 5 -> {
                if (m == null) {
                    assertThatThrownBy(() -> store.skip(id)).isInstanceOf(FeatureNotFoundException.class);
                } else if (m.passes) {
                    assertThatThrownBy(() -> store.skip(id)).isInstanceOf(IllegalFeatureStateException.class);
                } else {
                    long p = maxPriority() + 1;
                    assertThat(store.skip(id).newPriority()).isEqualTo(p);
                    m.priority = p;
                    m.inProgress = false;
                }
                return "skip " + id;
            }
            case 6 -> {
                long dep = pick(random);
                if (id == dep) {
                    assertThatThrownBy(() -> store.addDependency(id, dep)).isInstanceOf(InvalidDependencyException.class);
                } else if (m == null) {
                    assertThatThrownBy(() -> store.addDependency(id, dep)).isInstanceOf(FeatureNotFoundException.class);
                } else if (!model.containsKey(dep)) {
                    // an unknown dependency is the same failure for add and set (REFERENCE's texts differ)
                    assertThatThrownBy(() -> store.addDependency(id, dep)).isInstanceOf(InvalidDependencyException.class)
                            .hasMessage("Dependency feature " + dep + " not found");
                } else if (m.deps.size() >= 20 || m.deps.contains(dep) || reaches(dep, id)) {
                    assertThatThrownBy(() -> store.addDependency(id, dep)).isInstanceOf(InvalidDependencyException.class);
                } else {
                    store.addDependency(id, dep);
                    m.deps.add(dep);
                    m.deps.sort(null);
                }
                return "addDependency " + id + " " + dep;
            }
            case 7 -> {
                long dep = m != null && !m.deps.isEmpty() && random.nextBoolean() ? m.deps.get(random.nextInt(m.deps.size())) : pick(random);
                if (m == null) {
                    assertThatThrownBy(() -> store.removeDependency(id, dep)).isInstanceOf(FeatureNotFoundException.class);
                } else if (!m.deps.contains(dep)) {
                    assertThatThrownBy(() -> store.removeDependency(id, dep)).isInstanceOf(InvalidDependencyException.class);
                } else {
                    store.removeDependency(id, dep);
                    m.deps.remove(dep);
                }
                return "removeDependency " + id + " " + dep;
            }
            case 8 -> {
                List<Long> deps = new ArrayList<>(new TreeSet<>(List.of(pick(random), pick(random))));
                boolean refused = m == null || deps.contains(id) || deps.stream().anyMatch(d -> !model.containsKey(d));
                if (!refused) {
                    List<Long> before = m.deps;
                    m.deps = deps;
                    refused = deps.stream().anyMatch(d -> reaches(d, id));
                    m.deps = before;
                }
                if (refused) {
                    if (m == null && !deps.contains(id)) {
                        assertThatThrownBy(() -> store.setDependencies(id, deps)).isInstanceOf(FeatureNotFoundException.class);
                    } else {
                        assertThatThrownBy(() -> store.setDependencies(id, deps)).isInstanceOf(InvalidDependencyException.class);
                    }
                } else {
                    store.setDependencies(id, deps);
                    m.deps = deps;
                }
                return "setDependencies " + id + " " + deps;
            }
            case 9 -> {
                if (m == null) {
                    assertThatThrownBy(() -> store.delete(id)).isInstanceOf(FeatureNotFoundException.class);
                } else {
                    store.delete(id);
                    model.remove(id);
                    model.values().forEach(o -> o.deps.removeIf(d -> d == id));
                }
                return "delete " + id;
            }
            case 10 -> {
                HumanInputRequest request = new HumanInputRequest("?", List.of(HumanInputRequest.Field.text("a", "A")));
                if (m == null) {
                    assertThatThrownBy(() -> store.requestHumanInput(id, request)).isInstanceOf(FeatureNotFoundException.class);
                } else if (m.passes || !m.inProgress) {
                    assertThatThrownBy(() -> store.requestHumanInput(id, request)).isInstanceOf(IllegalFeatureStateException.class);
                } else {
                    store.requestHumanInput(id, request);
                    m.waiting = true;
                    m.inProgress = false;
                }
                return "requestHumanInput " + id;
            }
            default -> {
                if (m == null) {
                    assertThatThrownBy(() -> store.answerHumanInput(id, Map.of("a", "x"))).isInstanceOf(FeatureNotFoundException.class);
                } else if (!m.waiting) {
                    assertThatThrownBy(() -> store.answerHumanInput(id, Map.of("a", "x"))).isInstanceOf(IllegalFeatureStateException.class);
                } else {
                    store.answerHumanInput(id, Map.of("a", "x"));
                    m.waiting = false;
                }
                return "answerHumanInput " + id;
            }
        }
    }

    void check(Database db, FeatureStore store, String context) {
        List<Feature> all = store.getAll();
        assertThat(all).as(context).hasSize(model.size());
        for (Feature f : all) {
            M m = model.get(f.id());
            assertThat(m).as(context).isNotNull();
            assertThat(List.of(f.priority(), f.passes(), f.inProgress(), f.needsHumanInput(), f.dependencies()))
                    .as(context + " feature " + f.id()).isEqualTo(List.of(m.priority, m.passes, m.inProgress, m.waiting, m.deps));
            assertThat(db.events().replay(f.id())).as(context + " replay " + f.id()).contains(f);
        }
        List<Long> order = readyOrder();
        assertThat(store.ready(1000).features().stream().map(Feature::id).toList()).as(context + " ready").isEqualTo(order);
        assertThat(store.ready(2).totalReady()).isEqualTo(order.size());

        List<M> blocked = model.values().stream().filter(m -> !m.passes && !met(m)).toList();
        List<BlockedFeature> page = store.blocked(1000).features();
        assertThat(page.stream().map(b -> b.feature().id()).toList()).as(context + " blocked").isEqualTo(blocked.stream().map(m -> m.id).toList());
        for (BlockedFeature b : page) {
            assertThat(b.blockedBy()).isEqualTo(model.get(b.feature().id()).deps.stream()
                    .filter(d -> !model.containsKey(d) || !model.get(d).passes).toList());
        }

        long passing = model.values().stream().filter(m -> m.passes).count();
        long total = model.size();
        double pct = total == 0 ? 0.0 : new BigDecimal((double) passing / total * 100).setScale(1, RoundingMode.HALF_EVEN).doubleValue();
        assertThat(store.stats()).as(context + " stats").isEqualTo(new FeatureStats(passing,
                model.values().stream().filter(m -> m.inProgress).count(), model.values().stream().filter(m -> m.waiting).count(), total, pct));

        DependencyGraph graph = store.graph();
        for (DependencyGraph.GraphNode node : graph.nodes()) {
            M m = model.get(node.id());
            String status = m.passes ? "done" : m.waiting ? "needs_human_input" : !met(m) ? "blocked" : m.inProgress ? "in_progress" : "pending";
            assertThat(node.status().wireName()).as(context + " status " + node.id()).isEqualTo(status);
            assertThat(node.dependents()).isEqualTo(model.values().stream().filter(o -> o.deps.contains(node.id())).map(o -> o.id).toList());
        }
    }
}
