package dev.flowdb.internal.picture;

import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.Feature;
import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.sql.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Where a process keeps its scheduling picture ({@link Backlog}), and the rules of when it is
 * stale: what a write transaction's statements move ({@link Pending}, reported by the
 * repository's write methods, the one path that feeds the picture), what happens before its
 * commit, and how a read gets a picture at exactly its snapshot. One implementation per kind of
 * change tracking: {@link BacklogCache} where the database's change counters move by one per
 * change (SQLite), and PostgreSQL's, which catches up from a status log by writing transaction.
 */
public abstract class PictureCache {

    /** What one write transaction's statements changed, as its repository reported it. */
    public static final class Pending {
        final Versions start;
        final List<Backlog.Flags> deltas = new ArrayList<>(2);
        boolean graphChanged;

        public Pending(Versions start) {
            this.start = start;
        }

        /** @return whether this transaction has changed any feature so far */
        public boolean changedAnything() {
            return graphChanged || !deltas.isEmpty();
        }

        /** @return how many status changes it reported */
        public int statusChanges() {
            return deltas.size();
        }

        /** One UPDATE of this transaction left {@code after}'s flags as they are in it. */
        public void statusChanged(Feature after) {
            deltas.add(new Backlog.Flags(after.id(), after.passes(), after.inProgress(), after.needsHumanInput()));
        }

        /** This transaction changed ids, priorities or dependencies. */
        public void graphChanged() {
            graphChanged = true;
        }

        /**
         * One UPDATE of this transaction set {@code columns} and left the row as {@code after}: the
         * picture's rule for what that moves. A priority or the dependencies move the graph (its
         * score order and edges); a flag moves the row's status; any other column moves neither.
         *
         * @param columns the columns the statement set
         * @param after the row as the statement left it
         */
        public void rowUpdated(java.util.Collection<? extends org.jooq.Field<?>> columns, Feature after) {
            if (columns.contains(FEATURES.PRIORITY) || columns.contains(FEATURES.DEPENDENCIES)) {
                graphChanged();
            }
            if (columns.contains(FEATURES.PASSES) || columns.contains(FEATURES.IN_PROGRESS) || columns.contains(FEATURES.NEEDS_HUMAN_INPUT)) {
                statusChanged(after);
            }
        }
    }

    private final AtomicBoolean firstStats = new AtomicBoolean(true);
    /** How many pictures were built from a snapshot: what the tests of the cache's reuse count. */
    private final AtomicInteger builds = new AtomicInteger();
    /** How many times the picture was caught up from the database's log of other writers' changes. */
    private final AtomicInteger catchUps = new AtomicInteger();

    /**
     * @param ctx the write transaction's session, as it starts
     * @return the record of what the transaction will change, starting from what {@code ctx} sees
     */
    public abstract Pending begin(Session ctx);

    /**
     * Called inside {@code tx} just before its commit.
     *
     * @param tx the committing transaction
     */
    public abstract void beforeCommit(Engine.Tx tx);

    /**
     * Answers {@code query} from a picture at the versions {@code ctx}'s snapshot sees.
     *
     * @param ctx the session the read runs on
     * @param tx the write transaction {@code ctx} belongs to, or {@code null} for a read snapshot
     * @param query what to ask of the picture
     * @param <T> the answer's type
     * @return the answer
     */
    public abstract <T> T query(Session ctx, Engine.Tx tx, Function<Backlog, T> query);

    /** {@return whether a shared picture exists now} */
    protected abstract boolean hasPicture();

    /**
     * Whether {@code stats} should use the picture: yes once it exists or from the second
     * {@code stats} on; the first, in a process without a picture, is answered by one aggregate
     * query, since a process that asks once (a CLI command) would build it for nothing.
     *
     * @return whether to answer from the picture
     */
    public boolean statsUsesPicture() {
        return hasPicture() || !firstStats.compareAndSet(true, false);
    }

    /** @return how many pictures were built from a snapshot so far */
    public int builds() {
        return builds.get();
    }

    /** @return how many times the shared picture was caught up from the log of other writers' changes so far */
    public int catchUps() {
        return catchUps.get();
    }

    /** Counts one picture built from a snapshot. */
    protected void built() {
        builds.incrementAndGet();
    }

    /** Counts one catch-up from the log. */
    protected void caughtUp() {
        catchUps.incrementAndGet();
    }
}
