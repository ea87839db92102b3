package dev.flowdb.internal.postgres;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.picture.Backlog;
import dev.flowdb.internal.picture.BacklogCache;
import dev.flowdb.internal.picture.PictureCache;

import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * The scheduling picture on PostgreSQL, where writers on other hosts commit in any order and no
 * hot counter row may sit on the write path.
 *
 * <ul>
 *   <li>The picture is valid for one graph version ({@code flow_picture.graph_version}, moved by
 *       triggers on rows added or removed and on edited ids, priorities or dependencies — writes
 *       that are serialised by the graph lock anyway).</li>
 *   <li>Flags move through the status log ({@code flow_status_log}, one appended row per change of
 *       a feature's flags, with the writing transaction's id). The picture remembers a cursor: the
 *       oldest transaction still running when it last caught up. Every transaction below it has
 *       ended and was seen; every one that commits later has an id at or above it. So each read
 *       re-reads, in the same statement as the graph version, the current flags of the features
 *       logged at or above the cursor — never missing a commit of another host, whatever the
 *       commit order — and moves the cursor to its own snapshot's oldest running transaction.</li>
 *   <li>A catch-up is applied only when its snapshot is not older than the cursor, so a slow
 *       reader never moves the picture back; the flags it applies are whole rows as committed, so
 *       applying one twice is harmless.</li>
 *   <li>A new graph version, or a log pruned past the cursor, means a new picture: built inside a
 *       read's single snapshot (reads are REPEATABLE READ), or in a write transaction under the
 *       graph lock (so its statement-by-statement reads see one set of features).</li>
 * </ul>
 */
final class PostgresBacklogCache extends PictureCache {

    /** Every this many status changes of this process, the log is pruned. */
    private static final int PRUNE_EVERY = 1_024;
    /** How many transactions' worth of status log are kept below the oldest running one. */
    static final long KEPT_TRANSACTIONS = 200_000;

    /** A picture, its graph version and its catch-up cursor (guarded by the backlog's lock). */
    private static final class Picture {
        final Backlog backlog;
        final long graphVersion;
        volatile long cursor;

        Picture(Backlog backlog, long graphVersion, long cursor) {
            this.backlog = backlog;
            this.graphVersion = graphVersion;
            this.cursor = cursor;
        }
    }

    private final PostgresFeatureRepository repository;
    private final java.util.concurrent.atomic.AtomicLong ownChanges = new java.util.concurrent.atomic.AtomicLong();
    private volatile Picture shared;

    PostgresBacklogCache(PostgresFeatureRepository repository) {
        this.repository = repository;
    }

    @Override
    public Pending begin(Session ctx) {
        return new Pending(null);
    }

    /**
     * Prunes the status log every {@value #PRUNE_EVERY} status changes of this process. Its own
     * changes reach the shared picture like everyone else's, through the log on the next read:
     * applying them after the commit could overwrite a later commit of another host that a reader
     * had already caught up with.
     */
    @Override
    public void beforeCommit(Engine.Tx tx) {
        int changes = tx.pending().statusChanges();
        if (changes == 0) {
            return;
        }
        long before = ownChanges.getAndAdd(changes);
        if (before / PRUNE_EVERY != (before + changes) / PRUNE_EVERY) {
            repository.pruneStatusLog(tx.session(), KEPT_TRANSACTIONS);
        }
    }

    @Override
    public <T> T query(Session ctx, Engine.Tx tx, Function<Backlog, T> query) {
        if (tx != null && tx.pending().changedAnything()) {
            // this transaction's own changes are in no shared picture: one of its own, not shared
            repository.lockGraph(ctx);
            return query.apply(build(ctx).backlog);
        }
        Picture current = shared;
        if (current != null) {
            PostgresFeatureRepository.CatchUp c = repository.catchUp(ctx, current.cursor);
            if (c.graphVersion() == current.graphVersion && c.logHorizon() <= current.cursor) {
                current.backlog.lock.writeLock().lock();
                try {
                    if (c.oldestRunning() >= current.cursor) {
                        if (!c.flags().isEmpty()) {
                            current.backlog.apply(c.flags(), current.backlog.statusVersion() + 1);
                        }
                        current.cursor = c.oldestRunning();
                    }
                    return query.apply(current.backlog);
                } finally {
                    current.backlog.lock.writeLock().unlock();
                }
            }
        }
        if (tx != null) {
            repository.lockGraph(ctx);
        }
        Picture built = build(ctx);
        T result = query.apply(built.backlog);
        offer(built);
        return result;
    }

    private Picture build(Session ctx) {
        PostgresFeatureRepository.CatchUp start = repository.catchUp(ctx, Long.MAX_VALUE);
        Backlog.Rows rows = repository.pictureRows(ctx);
        Backlog backlog = new Backlog(new Backlog.Graph(start.graphVersion(), rows.nodes), 0, rows);
        built();
        return new Picture(backlog, start.graphVersion(), start.oldestRunning());
    }

    @Override
    protected boolean hasPicture() {
        return shared != null;
    }

    private synchronized void offer(Picture built) {
        Picture current = shared;
        if (current == null || built.graphVersion > current.graphVersion
                || built.graphVersion == current.graphVersion && built.cursor > current.cursor) {
            shared = built;
        }
    }
}
