package dev.flowdb.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-memory picture of the backlog's scheduling state at one committed version of the file:
 * the dependency graph with its scheduling order (score ↓, priority ↑, id ↑), every feature's
 * flags, how many of its dependencies are unmet, and the ready and blocked sets.
 *
 * <p>It is valid for exactly one pair of versions ({@code graph_version}, {@code status_version}
 * in {@code flow_meta}, bumped by triggers on every writer's changes, the Python tool's
 * included); a snapshot that reads other versions does not use it. This process's own committed
 * status changes are applied to it as deltas, so an agent loop of claim → pass never rebuilds it;
 * another process's writes make the next reader rebuild it (ready and blocked sets come from the
 * {@code json_each} queries, flags from the status index).
 */
final class Backlog {

    /** The graph and order part, shared by every status of one graph version. */
    static final class Graph {
        final long version;
        final long[] ids;
        final Map<Long, Integer> position;
        final long[] priority;
        final int[][] dependencies;   // positions of existing dependencies, de-duplicated
        final int[] missing;          // how many distinct dependency ids name no feature
        final int[][] dependents;     // positions, de-duplicated
        final int[] rank;             // position → place in the scheduling order

        private static final int[] NONE = new int[0];

        /** The first {@code count} values of {@code values}, sorted and without repeats. */
        private static int[] distinct(int[] values, int count) {
            Arrays.sort(values, 0, count);
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (kept == 0 || values[kept - 1] != values[i]) {
                    values[kept++] = values[i];
                }
            }
            return Arrays.copyOf(values, kept);
        }

        Graph(long version, List<SchedulingScores.Node> nodes) {
            this.version = version;
            int n = nodes.size();
            ids = new long[n];
            priority = new long[n];
            position = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                ids[i] = nodes.get(i).id();
                priority[i] = nodes.get(i).priority();
                position.put(ids[i], i);
            }
            dependencies = new int[n][];
            missing = new int[n];
            int[] dependentCount = new int[n];
            for (int i = 0; i < n; i++) {
                List<Long> deps = nodes.get(i).dependencies();
                if (deps.isEmpty()) {
                    dependencies[i] = NONE;
                    continue;
                }
                // distinct existing positions, ascending, and the number of distinct absent ids
                int[] existing = new int[deps.size()];
                long[] absent = new long[deps.size()];
                int e = 0;
                int a = 0;
                for (Long d : deps) {
                    Integer p = position.get(d);
                    if (p == null) {
                        absent[a++] = d;
                    } else {
                        existing[e++] = p;
                    }
                }
                dependencies[i] = distinct(existing, e);
                missing[i] = (int) Arrays.stream(absent, 0, a).distinct().count();
                for (int p : dependencies[i]) {
                    dependentCount[p]++;
                }
            }
            dependents = new int[n][];
            for (int i = 0; i < n; i++) {
                dependents[i] = dependentCount[i] == 0 ? NONE : new int[dependentCount[i]];
            }
            int[] filled = new int[n];
            for (int i = 0; i < n; i++) {
                for (int p : dependencies[i]) {
                    dependents[p][filled[p]++] = i;
                }
            }
            SchedulingScores scores = SchedulingScores.compute(nodes);
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            double[] score = new double[n];
            for (int i = 0; i < n; i++) {
                score[i] = scores.scoreAt(i);
            }
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(score[b], score[a]);
                if (c != 0) {
                    return c;
                }
                c = Long.compare(priority[a], priority[b]);
                return c != 0 ? c : Long.compare(ids[a], ids[b]);
            });
            rank = new int[n];
            for (int r = 0; r < n; r++) {
                rank[order[r]] = r;
            }
        }
    }

    /** A feature's flags: as a snapshot reads them, or as a status change leaves them. */
    record Flags(long id, boolean passes, boolean inProgress, boolean waiting) {
    }

    /** The four counts of {@code stats}. */
    record Counts(long passing, long inProgress, long waiting, long total) {
    }

    /** A page of ids in the picture's order, with the size of the whole set. */
    record Page(List<Long> ids, int total) {
    }

    final Graph graph;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long statusVersion;
    private final boolean[] passes;
    private final boolean[] inProgress;
    private final boolean[] waiting;
    private final int[] unmet;
    private final int[] byRank;
    private final TreeSet<Integer> ready = new TreeSet<>();     // ranks
    private final TreeSet<Integer> blocked = new TreeSet<>();   // positions (= id order)
    private int passing;
    private int inProgressCount;
    private int waitingCount;

    /**
     * @param flags every feature's flags (any order)
     * @param readyIds the ready set as the SQL definition computes it
     * @param blockedIds the blocked set as the SQL definition computes it
     */
    Backlog(Graph graph, long statusVersion, Collection<Flags> flags, Collection<Long> readyIds, Collection<Long> blockedIds) {
        this.graph = graph;
        this.statusVersion = statusVersion;
        int n = graph.ids.length;
        passes = new boolean[n];
        inProgress = new boolean[n];
        waiting = new boolean[n];
        unmet = new int[n];
        byRank = new int[n];
        boolean[] seen = new boolean[n];
        for (Flags f : flags) {
            Integer p = graph.position.get(f.id());
            if (p == null) {
                throw new IllegalStateException("feature " + f.id() + " is not in this snapshot's graph");
            }
            seen[p] = true;
            passes[p] = f.passes();
            inProgress[p] = f.inProgress();
            waiting[p] = f.waiting();
            passing += f.passes() ? 1 : 0;
            inProgressCount += f.inProgress() ? 1 : 0;
            waitingCount += f.waiting() ? 1 : 0;
        }
        for (int i = 0; i < n; i++) {
            byRank[graph.rank[i]] = i;
            if (!seen[i]) {
                throw new IllegalStateException("feature " + graph.ids[i] + " has no flags in this snapshot");
            }
        }
        for (int i = 0; i < n; i++) {
            int count = graph.missing[i];
            for (int d : graph.dependencies[i]) {
                count += passes[d] ? 0 : 1;
            }
            unmet[i] = count;
        }
        for (Long id : readyIds) {
            ready.add(graph.rank[graph.position.get(id)]);
        }
        for (Long id : blockedIds) {
            blocked.add(graph.position.get(id));
        }
    }

    long statusVersion() {
        return statusVersion;
    }

    /** Applies this process's committed status changes, moving the picture to {@code newVersion}. */
    void apply(List<Flags> deltas, long newVersion) {
        for (Flags delta : deltas) {
            Integer p = graph.position.get(delta.id());
            if (p == null) {
                continue;
            }
            passing += (delta.passes() ? 1 : 0) - (passes[p] ? 1 : 0);
            inProgressCount += (delta.inProgress() ? 1 : 0) - (inProgress[p] ? 1 : 0);
            waitingCount += (delta.waiting() ? 1 : 0) - (waiting[p] ? 1 : 0);
            boolean passChanged = passes[p] != delta.passes();
            passes[p] = delta.passes();
            inProgress[p] = delta.inProgress();
            waiting[p] = delta.waiting();
            if (passChanged) {
                for (int q : graph.dependents[p]) {
                    unmet[q] += delta.passes() ? -1 : 1;
                    classify(q);
                }
            }
            classify(p);
        }
        statusVersion = newVersion;
    }

    private void classify(int p) {
        int r = graph.rank[p];
        if (!passes[p] && !inProgress[p] && !waiting[p] && unmet[p] == 0) {
            ready.add(r);
        } else {
            ready.remove(r);
        }
        if (!passes[p] && unmet[p] > 0) {
            blocked.add(p);
        } else {
            blocked.remove(p);
        }
    }

    /** @return the first {@code limit} ready ids in scheduling order, and how many are ready */
    Page ready(int limit) {
        return new Page(readyIds(limit), ready.size());
    }

    /** @return the first {@code limit} blocked ids in id order, and how many are blocked */
    Page blocked(int limit) {
        return new Page(blockedIds(limit), blocked.size());
    }

    private List<Long> readyIds(int limit) {
        List<Long> out = new ArrayList<>(Math.min(limit, ready.size()));
        for (int r : ready) {
            if (out.size() == limit) {
                break;
            }
            out.add(graph.ids[byRank[r]]);
        }
        return out;
    }

    private List<Long> blockedIds(int limit) {
        List<Long> out = new ArrayList<>(Math.min(limit, blocked.size()));
        for (int p : blocked) {
            if (out.size() == limit) {
                break;
            }
            out.add(graph.ids[p]);
        }
        return out;
    }

    Counts counts() {
        return new Counts(passing, inProgressCount, waitingCount, graph.ids.length);
    }
}
