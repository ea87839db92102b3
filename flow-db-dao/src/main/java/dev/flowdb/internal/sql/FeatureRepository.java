package dev.flowdb.internal.sql;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.picture.Backlog;
import dev.flowdb.internal.picture.BacklogCache;
import dev.flowdb.internal.picture.PictureCache;
import dev.flowdb.internal.sqlite.SqliteFeatureRepository;
import dev.flowdb.internal.store.FeatureStoreImpl;

import dev.flowdb.Actor;
import dev.flowdb.ChangeEvent;
import dev.flowdb.Feature;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * Every statement flow-db runs against {@code features}, {@code change_events} and the change
 * counters, with its binding and row mapping: one implementation per backend
 * ({@link SqliteFeatureRepository}), so the verbs ({@link FeatureStoreImpl}) hold only rules,
 * messages and event shaping.
 *
 * <p>Reads take the context of the snapshot they run in. Writes take the open transaction and
 * report what they changed to its {@link PictureCache.Pending} — the one path that feeds the
 * scheduling picture — so no verb has to remember to.
 */
public interface FeatureRepository {

    /** What the dependency graph needs of one feature. */
    record GraphRow(long id, String name, String category, long priority, boolean passes, boolean inProgress,
                    boolean needsHumanInput, List<Long> dependencies) {
    }

    // ------------------------------------------------------------ feature reads

    /** @return the feature {@code id}, or {@code null} */
    Feature byId(Session ctx, long id);

    /** @return the row {@code id} with its stored values as they are (a NULL stays null), or {@code null} */
    FeaturesRecord row(Session ctx, long id);

    /** @return every feature by priority, then id */
    List<Feature> all(Session ctx);

    /** @return the features with these ids, in the order of {@code ids} (an id without a row is left out) */
    List<Feature> byIds(Session ctx, Collection<Long> ids);

    /** @return the ids among {@code ids} of passing features */
    Set<Long> passingAmong(Session ctx, Collection<Long> ids);

    /** @return the ids among {@code ids} that name a feature */
    Set<Long> existingAmong(Session ctx, Collection<Long> ids);

    /** @return every feature's {@link GraphRow}, by id */
    List<GraphRow> graphRows(Session ctx);

    /** @return every feature's dependency list, by id */
    Map<Long, List<Long>> dependencyLists(Session ctx);

    /** @return for each (category, name) pair, the lowest id that has it */
    Map<List<String>, Long> firstIdByCategoryAndName(Session ctx);

    /** @return the rows, other than {@code id} itself, that list {@code id} as a dependency, by id */
    List<FeaturesRecord> dependentsOf(Session ctx, long id);

    /** @return the rows in progress and claimed by {@code agent}, by id */
    List<FeaturesRecord> claimedBy(Session ctx, String agent);

    /** @return the rows in progress whose claim was last taken or renewed before {@code cutoff}, by id */
    List<FeaturesRecord> claimedBefore(Session ctx, Instant cutoff);

    /** @return the highest priority, 0 for an empty backlog */
    long maxPriority(Session ctx);

    /**
     * Reserves {@code count} consecutive new ids: above every id the table holds, the backend's
     * id counter ever handed out, or the audit log ever mentioned — so a new feature never
     * inherits a deleted one's history, and two hosts never take the same id.
     *
     * @param ctx the write transaction's context (holding the graph lock, see {@link #lockGraph})
     * @param count how many ids, at least 1
     * @return the first of them
     */
    long reserveIds(Session ctx, int count);

    /**
     * Serialises graph writes (creates, dependency edits, deletes) until the transaction ends, so
     * two writers can never store a cycle together; a no-op where the write transaction already
     * holds the database's only write lock.
     *
     * @param ctx the write transaction's context
     */
    void lockGraph(Session ctx);

    /** @return the counts of {@code stats} by one aggregate over the table */
    Backlog.Counts countFlags(Session ctx);

    // ------------------------------------------------------------ the scheduling picture

    /** @return the process-wide scheduling picture that suits this backend's change tracking */
    default PictureCache newPictureCache() {
        return new BacklogCache(this);
    }

    /** @return the change counters this snapshot sees, or {@code null} when the backend keeps none (then nothing is cached) */
    Versions versions(Session ctx);

    /**
     * @return every feature's id, priority, dependencies and flags, by id, each marked ready or
     *         blocked as the SQL definitions compute it (one statement, so one snapshot)
     */
    Backlog.Rows pictureRows(Session ctx);

    /**
     * The features whose flags changed after status version {@code from} up to {@code to}, one
     * entry per change, or {@code null} when the backend cannot tell (a pruned log).
     */
    List<Long> statusChanges(Session ctx, long from, long to);

    /** @return the current flags of these features */
    List<Backlog.Flags> flagsOf(Session ctx, Collection<Long> ids);

    /** Drops what {@link #statusChanges} would need for versions up to {@code upTo}; a write. */
    void pruneStatusChanges(Session ctx, long upTo);

    // ------------------------------------------------------------ feature writes

    /**
     * Inserts complete new rows (explicit ids, every value) and one {@code created} event each,
     * with the snapshot JSON of the same index.
     */
    void insert(Engine.Tx tx, List<FeaturesRecord> rows, List<String> snapshots, Actor actor, Instant now);

    /**
     * The conditional claim: sets the claim of {@code id} if it is neither passing, in progress
     * nor waiting for a person.
     *
     * @return the claimed row, or {@code null} when the guard did not match
     */
    Feature claim(Engine.Tx tx, long id, String agent, Instant now);

    /**
     * Claims the first of {@code candidates}, in their order, that is still ready (not passing,
     * not in progress, not waiting, every dependency passing). This default tries one conditional
     * claim (of the flags) each, which suffices where the candidates come from a picture that is
     * exact inside the write transaction (SQLite's one writer).
     *
     * @return the claimed row, or {@code null} when none of them could be claimed
     */
    default Feature claimFirst(Engine.Tx tx, List<Long> candidates, String agent, Instant now) {
        for (long id : candidates) {
            Feature claimed = claim(tx, id, agent, now);
            if (claimed != null) {
                return claimed;
            }
        }
        return null;
    }

    /**
     * Sets {@code values} (Java values of the generated fields) and {@code updated_at} on the row {@code id}.
     *
     * @return the row as it is now, or {@code null} if there is no row {@code id}
     */
    Feature update(Engine.Tx tx, long id, Instant now, Map<? extends Field<?>, Object> values);

    /** Deletes the row {@code id}. */
    void delete(Engine.Tx tx, long id);

    // ------------------------------------------------------------ the audit log

    /** Appends one event; values are JSON text or {@code null}. */
    void appendEvent(Session ctx, Actor actor, Instant at, long featureId, String type, String field,
                     String oldJson, String newJson);

    /** Appends one event and returns it as stored, with its id. */
    ChangeEvent appendEventReturning(Session ctx, Actor actor, Instant at, long featureId, String type, String field,
                                     String oldJson, String newJson);

    /** @return the events of one feature, oldest first */
    List<ChangeEvent> eventsOf(Session ctx, long featureId);

    /** @return up to {@code limit} events after the id {@code afterId}, by id */
    List<ChangeEvent> eventsSince(Session ctx, long afterId, int limit);

    /** @return up to {@code limit} events after {@code cursor} in feed order, each with the cursor right after it */
    List<dev.flowdb.FeedEvent> eventsAfter(Session ctx, dev.flowdb.EventCursor cursor, int limit);

    /** @return the cursor after every event committed so far (see {@link dev.flowdb.EventLog#tail()}) */
    dev.flowdb.EventCursor tail(Session ctx);

    /** @return the newest {@code limit} events, oldest first */
    List<ChangeEvent> latestEvents(Session ctx, int limit);
}
