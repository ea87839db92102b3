package dev.flowdb.internal.store;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.events.EventType;
import dev.flowdb.internal.sql.FeatureRepository;
import dev.flowdb.internal.sql.FeatureRows;
import dev.flowdb.internal.wire.PyJson;

import dev.flowdb.Actor;
import dev.flowdb.BlockedPage;
import dev.flowdb.ClaimResult;
import dev.flowdb.DatabaseBusyException;
import dev.flowdb.DependencyGraph;
import dev.flowdb.DependencyRef;
import dev.flowdb.EntryRules;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import dev.flowdb.FeatureUpdate;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.IllegalFeatureStateException;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.NewFeature;
import dev.flowdb.ReadyPage;
import dev.flowdb.RenewResult;
import dev.flowdb.ValidationException;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.TableField;

/**
 * {@link FeatureStore}: the rules, the original's messages (held by the exceptions' factories)
 * and the shaping of change events. Every statement runs through the engine's
 * {@link FeatureRepository}; every mutation runs inside one write transaction (its own, or the
 * one open on this thread) and writes its change events there. Checks that read before they
 * write are safe because the write transaction holds the database's write lock from its start.
 *
 * <p>The dependency verbs are in {@link DependencyVerbs}, the leases in {@link LeaseVerbs}, the one
 * way a row changes (load, decide, write what differs, log) in {@link RowChanges}; the SQL, the
 * reads, the batch planning, the column changes and the row mapping in their own classes.
 */
public final class FeatureStoreImpl implements FeatureStore {

    private final Engine engine;
    private final FeatureRepository repo;
    private final FeatureReads reads;
    private final Actor actor;
    private final EntryRules rules;
    private final RowChanges rows;
    private final LeaseVerbs leases;
    private final DependencyVerbs dependencies;

    /**
     * @param engine the database
     * @param actor who acts
     */
    public FeatureStoreImpl(Engine engine, Actor actor) {
        this(engine, actor, EntryRules.STANDARD);
    }

    /**
     * @param engine the database
     * @param actor who acts
     * @param rules whose rules apply where the original's entry points differ
     */
    public FeatureStoreImpl(Engine engine, Actor actor, EntryRules rules) {
        this.engine = engine;
        this.repo = engine.repository();
        this.reads = new FeatureReads(engine);
        this.actor = actor;
        this.rules = rules;
        this.rows = new RowChanges(engine, actor);
        this.leases = new LeaseVerbs(engine, actor, rows);
        this.dependencies = new DependencyVerbs(engine, rows);
    }

    // ---------------------------------------------------------------- create

    @Override
    public Feature create(NewFeature feature) {
        Validation.notNull("feature", feature);
        Batches.validate(feature, "", rules);
        List<Long> ids = new ArrayList<>();
        for (DependencyRef ref : feature.dependencies()) {
            if (ref instanceof DependencyRef.Index index) {
                throw new InvalidDependencyException(InvalidDependencyException.Reason.BATCH_INDEX, "dependency index " + index.index()
                        + " refers to a batch, but create makes a single feature: use createBulk, or DependencyRef.id");
            }
            ids.add(((DependencyRef.Id) ref).id());
        }
        DependencyVerbs.checkList(-1, ids);
        return engine.write(tx -> {
            repo.lockGraph(tx.session());
            dependencies.requireExisting(tx.session(), ids);
            long priority = feature.priority() != null ? feature.priority() : repo.maxPriority(tx.session()) + 1;
            FeaturesRecord row = Batches.newRow(repo.reserveIds(tx.session(), 1), priority, feature, List.copyOf(new TreeSet<>(ids)), engine.now());
            return insert(tx, List.of(row)).get(0);
        });
    }

    @Override
    public List<Feature> createBulk(List<NewFeature> features) {
        return createBulk(features, false).created();
    }

    @Override
    public BulkResult createBulkSkippingDuplicates(List<NewFeature> features) {
        return createBulk(features, true);
    }

    private BulkResult createBulk(List<NewFeature> items, boolean skipDuplicates) {
        Validation.notNull("features", items);
        int n = items.size();
        for (int i = 0; i < n; i++) {
            NewFeature item = items.get(i);
            if (item == null) {
                throw new ValidationException("features[" + i + "]", "Feature at index " + i + " is null");
            }
            Batches.validate(item, "features[" + i + "].", rules);
            Batches.checkRefs(i, item, n);
        }
        Batches.checkCycles(items);
        if (n == 0) {
            return new BulkResult(List.of(), List.of());
        }
        return engine.write(tx -> {
            Session ctx = tx.session();
            repo.lockGraph(ctx);
            Batches.requireExisting(items, repo.existingAmong(ctx, Batches.referencedIds(items)));
            Map<List<String>, Long> known = skipDuplicates ? repo.firstIdByCategoryAndName(ctx) : Map.of();
            int kept = n - Batches.plan(items, known, skipDuplicates, 1).skipped().size();
            Batches.Plan plan = Batches.plan(items, known, skipDuplicates, kept == 0 ? 0 : repo.reserveIds(ctx, kept));
            long start = repo.maxPriority(ctx) + 1;
            Instant now = engine.now();
            List<FeaturesRecord> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (!plan.skipped().contains(i)) {
                    NewFeature item = items.get(i);
                    long priority = item.priority() != null ? item.priority() : start + i;
                    rows.add(Batches.newRow(plan.ids()[i], priority, item, Batches.resolve(item, plan.ids()), now));
                }
            }
            return new BulkResult(insert(tx, rows), List.copyOf(plan.skipped()));
        });
    }

    /** Inserts complete rows with their {@code created} events (full snapshots); no read-back is needed. */
    private List<Feature> insert(Engine.Tx tx, List<FeaturesRecord> rows) {
        List<String> snapshots = new ArrayList<>(rows.size());
        List<Feature> out = new ArrayList<>(rows.size());
        for (FeaturesRecord r : rows) {
            snapshots.add(Json.write(FeatureRows.snapshot(r)));
            out.add(FeatureRows.feature(r));
        }
        repo.insert(tx, rows, snapshots, actor, rows.isEmpty() ? engine.now() : rows.get(0).getCreatedAt());
        return out;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Feature> getById(long id) {
        return reads.getById(id);
    }

    @Override
    public List<Feature> getAll() {
        return engine.allFeatures();
    }

    @Override
    public ReadyPage ready(int limit) {
        return reads.ready(limit);
    }

    @Override
    public BlockedPage blocked(int limit) {
        return reads.blocked(limit);
    }

    @Override
    public FeatureStats stats() {
        return reads.stats();
    }

    @Override
    public DependencyGraph graph() {
        return reads.graph();
    }

    // ---------------------------------------------------------------- claims and status

    @Override
    public ClaimResult claim(long id) {
        Validation.id("id", id);
        return engine.write(tx -> claimIn(tx, id));
    }

    /** The {@code claimed} event of a claim this transaction just made. */
    private void logClaimed(Engine.Tx tx, long id, Instant now) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("in_progress", true);
        after.put("claimed_by", actor.agent());
        after.put("claimed_at", TimestampConverter.format(now));
        repo.appendEvent(tx.session(), actor, now, id, EventType.CLAIMED.stored(), null, Json.write(Map.of("in_progress", false)), Json.write(after));
    }

    private ClaimResult claimIn(Engine.Tx tx, long id) {
        Instant now = engine.now();
        Feature claimed = repo.claim(tx, id, actor.agent(), now);
        if (claimed != null) {
            logClaimed(tx, id, now);
            return new ClaimResult.Claimed(claimed);
        }
        Feature feature = repo.byId(tx.session(), id);
        if (feature == null) {
            return ClaimResult.Refused.notFound(id);
        }
        if (feature.passes()) {
            return ClaimResult.Refused.alreadyPassing(feature);
        }
        if (feature.needsHumanInput()) {
            return ClaimResult.Refused.waitingForHumanInput(feature);
        }
        if (feature.inProgress()) {
            return new ClaimResult.AlreadyClaimed(feature);
        }
        throw IllegalFeatureStateException.claimFailed(id);
    }

    /** How many of the best ready features a claim-next tries, in order, before it looks again. */
    static final int CLAIM_CANDIDATES = 16;

    /** How many times a claim-next looks again before it reports contention. */
    static final int CLAIM_ROUNDS = 1_000;

    /**
     * Claims the best ready feature. Under SQLite's write lock the first candidate is always still
     * ready; where other hosts claim at the same time (PostgreSQL), a candidate may have been taken
     * since the snapshot, so the next ones are tried, and only a feature this call claimed is
     * returned — never one another agent holds.
     */
    @Override
    public Optional<Feature> claimNextReady() {
        return engine.write(tx -> {
            // candidates that were taken (or locked) by others in this call: the next look goes past them
            Set<Long> tried = new HashSet<>();
            for (int round = 0; ; round++) {
                if (round == CLAIM_ROUNDS) {
                    throw new DatabaseBusyException("claim next ready: the ready features were claimed by other agents "
                            + CLAIM_ROUNDS + " times over before this one could take one; try again");
                }
                int window = tried.size() + CLAIM_CANDIDATES;
                List<Long> best = engine.withBacklog(tx.session(), b -> b.ready(window)).ids();
                if (best.isEmpty()) {
                    return Optional.<Feature>empty();
                }
                List<Long> fresh = best.stream().filter(id -> !tried.contains(id)).toList();
                if (fresh.isEmpty()) {
                    // every ready feature was in flight elsewhere when tried: look at all of them again
                    tried.clear();
                    Thread.onSpinWait();
                    continue;
                }
                Instant now = engine.now();
                Feature claimed = repo.claimFirst(tx, fresh, actor.agent(), now);
                if (claimed != null) {
                    logClaimed(tx, claimed.id(), now);
                    return Optional.of(claimed);
                }
                tried.addAll(fresh);
            }
        });
    }

    @Override
    public Feature markInProgress(long id) {
        Validation.id("id", id);
        return rows.change(id, EventType.STATUS_CHANGE, (current, now) -> {
            if (Boolean.TRUE.equals(current.getPasses())) {
                throw IllegalFeatureStateException.alreadyPassing(id);
            }
            if (Boolean.TRUE.equals(current.getInProgress())) {
                throw IllegalFeatureStateException.alreadyInProgress(id);
            }
            if (Boolean.TRUE.equals(current.getNeedsHumanInput())) {
                throw IllegalFeatureStateException.waitingForHumanInput(id);
            }
            return Changes.claim(actor.agent(), now);
        });
    }

    @Override
    public Feature clearInProgress(long id) {
        Validation.id("id", id);
        return rows.change(id, EventType.STATUS_CHANGE, (current, now) -> Changes.released());
    }

    @Override
    public Feature markPassing(long id) {
        Validation.id("id", id);
        return rows.change(id, EventType.STATUS_CHANGE, (current, now) -> {
            if (Boolean.TRUE.equals(current.getPasses())) {
                throw IllegalFeatureStateException.alreadyPassing(id);
            }
            return Changes.passes(true);
        });
    }

    @Override
    public Feature markFailing(long id) {
        Validation.id("id", id);
        return rows.change(id, EventType.STATUS_CHANGE, (current, now) -> Changes.passes(false));
    }

    @Override
    public SkipResult skip(long id) {
        Validation.id("id", id);
        return engine.write(tx -> {
            FeaturesRecord current = rows.load(tx.session(), id);
            if (Boolean.TRUE.equals(current.getPasses()) && !rules.skipOnlyMoves()) {
                throw IllegalFeatureStateException.cannotSkipPassing();
            }
            long newPriority = repo.maxPriority(tx.session()) + 1;
            Feature after = rows.apply(tx, current, EventType.SKIPPED,
                    rules.skipOnlyMoves() ? Changes.moved(newPriority) : Changes.skipped(newPriority), engine.now());
            return new SkipResult(after, current.getPriority(), newPriority);
        });
    }

    @Override
    public List<Feature> releaseStaleClaims(Duration olderThan) {
        return leases.releaseStale(olderThan);
    }

    @Override
    public List<Feature> releaseClaimsOf(String agent) {
        return leases.releaseOf(agent);
    }

    @Override
    public RenewResult renewClaim(long id) {
        return leases.renew(id);
    }

    @Override
    public List<Feature> renewClaims() {
        return leases.renewAll();
    }

    // ---------------------------------------------------------------- descriptive fields

    @Override
    public Feature update(long id, FeatureUpdate update) {
        Validation.id("id", id);
        Validation.notNull("update", update);
        Map<TableField<FeaturesRecord, ?>, Object> changes = Changes.of(update, rules);
        return rows.change(id, EventType.UPDATED, (current, now) -> {
            if (Boolean.TRUE.equals(current.getPasses())) {
                throw IllegalFeatureStateException.completedIsImmutable();
            }
            return changes;
        });
    }

    @Override
    public List<Long> delete(long id) {
        Validation.id("id", id);
        return engine.write(tx -> {
            repo.lockGraph(tx.session());
            FeaturesRecord current = rows.load(tx.session(), id);
            Instant now = engine.now();
            List<Long> affected = new ArrayList<>();
            for (FeaturesRecord dependent : repo.dependentsOf(tx.session(), id)) {
                List<Long> remaining = dependent.getDependencies().stream().filter(d -> d != id).toList();
                rows.apply(tx, dependent, EventType.DEPENDENCY_REMOVED, Changes.dependencies(remaining), now);
                affected.add(dependent.getId());
            }
            repo.appendEvent(tx.session(), actor, now, id, EventType.DELETED.stored(), null, Json.write(FeatureRows.snapshot(current)), null);
            repo.delete(tx, id);
            return affected;
        });
    }

    // ---------------------------------------------------------------- dependencies

    @Override
    public List<Long> addDependency(long featureId, long dependencyId) {
        return dependencies.add(featureId, dependencyId);
    }

    @Override
    public List<Long> removeDependency(long featureId, long dependencyId) {
        return dependencies.remove(featureId, dependencyId);
    }

    @Override
    public List<Long> setDependencies(long featureId, List<Long> dependencyIds) {
        return dependencies.set(featureId, dependencyIds);
    }

    // ---------------------------------------------------------------- human input

    @Override
    public Feature requestHumanInput(long id, HumanInputRequest request) {
        Validation.id("id", id);
        Validation.notNull("request", request);
        return rows.change(id, EventType.HUMAN_INPUT_REQUESTED, (current, now) -> {
            if (Boolean.TRUE.equals(current.getPasses())) {
                throw IllegalFeatureStateException.alreadyPassing(id);
            }
            if (!Boolean.TRUE.equals(current.getInProgress())) {
                throw IllegalFeatureStateException.notInProgress(id);
            }
            return Changes.askPerson(request.toJson());
        });
    }

    @Override
    public Feature answerHumanInput(long id, Map<String, Object> answers) {
        Validation.id("id", id);
        Validation.notNull("answers", answers);
        return rows.change(id, EventType.HUMAN_INPUT_ANSWERED, (current, now) -> {
            if (!Boolean.TRUE.equals(current.getNeedsHumanInput())) {
                throw IllegalFeatureStateException.notWaitingForHumanInput();
            }
            if (current.getHumanInputRequest() != null) {
                Validation.answers(current.getHumanInputRequest(), answers);
            }
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("fields", new LinkedHashMap<>(answers));
            response.put("responded_at", PyJson.isoFormat(now));
            return Changes.answered(PyJson.dumps(response));
        });
    }
}
