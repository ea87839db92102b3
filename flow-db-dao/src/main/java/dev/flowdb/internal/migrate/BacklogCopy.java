package dev.flowdb.internal.migrate;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.IllegalFeatureStateException;
import dev.flowdb.schema.jooq.tables.records.ChangeEventsRecord;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * Copies a whole backlog between two databases of any backends (a {@code features.db} into
 * PostgreSQL and back): every feature and every change event with its id, in one write
 * transaction of the target, through the generated classes — the same jOOQ code on both sides.
 * Then checks the copy: the counts, every feature as its row, and every feature as its events
 * replay it.
 */
public final class BacklogCopy {

    /** Rows per JDBC batch. */
    static final int BATCH = 1_000;

    /**
     * What a copy carried.
     *
     * @param features the features copied
     * @param events the change events copied
     */
    public record Result(int features, int events) {
    }

    private BacklogCopy() {
    }

    /**
     * @param from the source, read in one snapshot
     * @param to the target
     * @param replace whether a target that holds features or events is emptied first (else refused)
     * @return what was copied
     * @throws IllegalFeatureStateException if the target is not empty and {@code replace} is false,
     *         or if the check after the copy finds a difference (the copy is then rolled back)
     */
    public static Result copy(Database from, Database to, boolean replace) {
        List<FeaturesRecord> features = new ArrayList<>();
        List<ChangeEventsRecord> events = new ArrayList<>();
        from.useRead(ctx -> {
            features.addAll(ctx.selectFrom(FEATURES).orderBy(FEATURES.ID).fetch());
            events.addAll(ctx.selectFrom(CHANGE_EVENTS).orderBy(CHANGE_EVENTS.ID).fetch());
        });
        to.useWrite(tx -> {
            DSLContext ctx = tx.dsl();
            int there = ctx.fetchCount(FEATURES) + ctx.fetchCount(CHANGE_EVENTS);
            if (there > 0 && !replace) {
                throw new IllegalFeatureStateException("the target already holds " + ctx.fetchCount(FEATURES) + " features and "
                        + ctx.fetchCount(CHANGE_EVENTS) + " change events; copy refuses to mix two backlogs (to empty it first: --replace, or replace = true)");
            }
            if (there > 0) {
                ctx.deleteFrom(CHANGE_EVENTS).execute();
                ctx.deleteFrom(FEATURES).execute();
            }
            for (int i = 0; i < features.size(); i += BATCH) {
                List<FeaturesRecord> chunk = new ArrayList<>();
                for (FeaturesRecord r : features.subList(i, Math.min(features.size(), i + BATCH))) {
                    FeaturesRecord copy = ctx.newRecord(FEATURES, r);
                    // legacy rows may hold NULL flags, which every reader reads as false
                    copy.setPasses(Boolean.TRUE.equals(r.getPasses()));
                    copy.setInProgress(Boolean.TRUE.equals(r.getInProgress()));
                    copy.setNeedsHumanInput(Boolean.TRUE.equals(r.getNeedsHumanInput()));
                    copy.setPriority(r.getPriority() == null ? 0 : r.getPriority());
                    chunk.add(copy);
                }
                ctx.batchInsert(chunk).execute();
            }
            for (int i = 0; i < events.size(); i += BATCH) {
                List<ChangeEventsRecord> chunk = new ArrayList<>();
                for (ChangeEventsRecord r : events.subList(i, Math.min(events.size(), i + BATCH))) {
                    chunk.add(ctx.newRecord(CHANGE_EVENTS, r));
                }
                ctx.batchInsert(chunk).execute();
            }
            if (ctx.dialect().family() == SQLDialect.POSTGRES) {
                // explicit ids do not move identity sequences: new ids must start above the copied ones
                ctx.fetch("select setval(pg_get_serial_sequence('features', 'id'), greatest(coalesce(max(id), 0), 1)) from features");
                ctx.fetch("select setval(pg_get_serial_sequence('change_events', 'id'), greatest(coalesce(max(id), 0), 1)) from change_events");
            }
            check(from, tx, features.size(), events.size());
        });
        return new Result(features.size(), events.size());
    }

    /** The check inside the target's transaction: a difference rolls the whole copy back. */
    private static void check(Database from, dev.flowdb.Transaction tx, int features, int events) {
        int copiedFeatures = tx.dsl().fetchCount(FEATURES);
        int copiedEvents = tx.dsl().fetchCount(CHANGE_EVENTS);
        if (copiedFeatures != features || copiedEvents != events) {
            throw new IllegalFeatureStateException("copy check: the target holds " + copiedFeatures + " features and " + copiedEvents
                    + " events, the source " + features + " and " + events);
        }
        List<Feature> source = from.features().getAll();
        List<Feature> target = tx.features().getAll();
        for (int i = 0; i < source.size(); i++) {
            if (!source.get(i).equals(target.get(i))) {
                throw new IllegalFeatureStateException("copy check: feature " + source.get(i).id() + " differs after the copy");
            }
            long id = source.get(i).id();
            Optional<Feature> replayedThere = tx.events().replay(id);
            Optional<Feature> replayedHere = from.events().replay(id);
            if (!Objects.equals(replayedHere, replayedThere)) {
                throw new IllegalFeatureStateException("copy check: the events of feature " + id + " replay differently after the copy");
            }
        }
    }
}
