package dev.flowdb.internal.picture;


import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.sql.FeatureRepository;
import dev.flowdb.internal.sql.Versions;

import java.util.List;
import java.util.function.Function;

/**
 * The scheduling picture a process shares where the database keeps change counters that move
 * by one per change (SQLite: {@code flow_meta}'s versions, moved by triggers), and the one path
 * that feeds it.
 *
 * <ul>
 *   <li>Every write of {@code features} goes through a {@link FeatureRepository} write method,
 *       which reports to its transaction's {@link Pending} what it changed: a feature's flags,
 *       or the graph (ids, priorities, dependencies).</li>
 *   <li>Before the commit, {@link #beforeCommit} compares the change counters with the ones the
 *       transaction started from: when the status counter moved by exactly one per reported
 *       change and the graph did not move, the reported flags are applied to the shared picture
 *       after the commit; anything else (a raw update through {@code tx.session()}, another tool's
 *       trigger-counted writes) leaves the picture to be rebuilt by the next reader.</li>
 *   <li>A reader ({@link #query}) answers from the shared picture when it is at exactly its
 *       snapshot's versions, catches it up from the status log when only flags moved, and
 *       otherwise builds one from its snapshot (shared once known committed).</li>
 * </ul>
 */
public class BacklogCache extends PictureCache {

    /** How many status-log entries are kept for catching up; older ones are pruned. */
    static final long STATUS_LOG_KEPT = 20_000;
    private static final long STATUS_LOG_PRUNE_EVERY = 1_024;

    private final FeatureRepository repository;
    private volatile Backlog shared;

    public BacklogCache(FeatureRepository repository) {
        this.repository = repository;
    }

    /** @return the record of a write transaction that starts now, at the versions {@code ctx} sees */
    @Override
    public Pending begin(Session ctx) {
        return new Pending(repository.versions(ctx));
    }

    /**
     * Called inside {@code tx} just before its commit: schedules the reported flags for the
     * shared picture when the counters show they are the whole story, and prunes the status log
     * every {@value #STATUS_LOG_PRUNE_EVERY} versions.
     */
    @Override
    public void beforeCommit(Engine.Tx tx) {
        Pending p = tx.pending();
        if (p.deltas.isEmpty() || p.graphChanged || p.start == null) {
            return;
        }
        Versions end = repository.versions(tx.session());
        if (end == null) {
            return;
        }
        // each reported delta is one UPDATE that fired the status trigger once
        if (end.graph() == p.start.graph() && end.status() == p.start.status() + p.deltas.size()) {
            List<Backlog.Flags> deltas = List.copyOf(p.deltas);
            long from = p.start.status();
            tx.afterCommit(() -> applyCommitted(end, from, deltas));
        }
        if (end.status() % STATUS_LOG_PRUNE_EVERY < p.deltas.size()) {
            repository.pruneStatusChanges(tx.session(), end.status() - STATUS_LOG_KEPT);
        }
    }

    @Override
    protected boolean hasPicture() {
        return shared != null;
    }

    /**
     * Answers {@code query} from the picture at the versions {@code ctx}'s snapshot sees.
     *
     * @param tx the write transaction {@code ctx} belongs to, or {@code null} for a read snapshot
     */
    @Override
    public <T> T query(Session ctx, Engine.Tx tx, Function<Backlog, T> query) {
        Versions v = repository.versions(ctx);
        // a read snapshot, or a write transaction that has changed nothing yet, sees committed data only
        boolean committed = tx == null || v != null && v.sameGraphAndStatus(tx.pending().start);
        Backlog current = shared;
        if (v != null && current != null && current.graph.version == v.graph()) {
            current.lock.readLock().lock();
            try {
                if (current.statusVersion() == v.status()) {
                    return query.apply(current);
                }
            } finally {
                current.lock.readLock().unlock();
            }
            if (committed) {
                current.lock.writeLock().lock();
                try {
                    if (current.statusVersion() < v.status()) {
                        catchUp(ctx, current, v.status());
                    }
                    if (current.statusVersion() == v.status()) {
                        return query.apply(current);
                    }
                } finally {
                    current.lock.writeLock().unlock();
                }
            }
        }
        Backlog.Rows rows = repository.pictureRows(ctx);
        Backlog.Graph graph = v != null && current != null && current.graph.version == v.graph()
                ? current.graph : new Backlog.Graph(v == null ? -1 : v.graph(), rows.nodes);
        Backlog built = new Backlog(graph, v == null ? -1 : v.status(), rows);
        built();
        T result = query.apply(built);
        if (v != null && committed) {
            if (tx == null) {
                offer(built);
            } else {
                tx.afterCommit(() -> offer(built));
            }
        }
        return result;
    }

    /**
     * Moves the shared picture forward to {@code target} using the status log: the features other
     * writers changed since, re-read as they are now. Leaves it as it was when the log has been
     * pruned past its version or the gap is too large to be worth it.
     */
    private void catchUp(Session ctx, Backlog current, long target) {
        long from = current.statusVersion();
        if (target - from > STATUS_LOG_KEPT / 2) {
            return;
        }
        List<Long> changed = repository.statusChanges(ctx, from, target);
        if (changed != null) {
            current.apply(repository.flagsOf(ctx, changed), target);
            caughtUp();
        }
    }

    private synchronized void offer(Backlog built) {
        Backlog current = shared;
        if (current == null || built.graph.version > current.graph.version
                || built.graph.version == current.graph.version && built.statusVersion() > current.statusVersion()) {
            shared = built;
        }
    }

    private void applyCommitted(Versions end, long from, List<Backlog.Flags> deltas) {
        Backlog current = shared;
        if (current == null || current.graph.version != end.graph()) {
            return;
        }
        current.lock.writeLock().lock();
        try {
            if (current.statusVersion() == from) {
                current.apply(deltas, end.status());
            }
        } finally {
            current.lock.writeLock().unlock();
        }
    }
}
