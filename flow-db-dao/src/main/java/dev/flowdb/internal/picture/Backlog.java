package dev.flowdb.internal.picture;

import dev.flowdb.internal.sql.FeatureRepository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
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
 * another process's writes make the next reader rebuild it (from one statement that reads every
 * feature's flags and decides ready and blocked by the {@code json_each} definitions).
 */
public final class Backlog {

    /** The graph and order part, shared by every status of one graph version. */
    public static final class Graph {
        final long version;
        final long[] ids;
        private final IdPositions positions;
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

        /** How many different values the first {@code count} of {@code values} hold (sorts them). */
        private static int distinctCount(long[] values, int count) {
            Arrays.sort(values, 0, count);
            int different = 0;
            for (int i = 0; i < count; i++) {
                different += i == 0 || values[i - 1] != values[i] ? 1 : 0;
            }
            return different;
        }

        /** @return the position of feature {@code id}, or -1 when it is not in this graph */
        int positionOf(long id) {
            return positions.of(id);
        }

        public Graph(long version, List<SchedulingScores.Node> nodes) {
            this.version = version;
            int n = nodes.size();
            positions = IdPositions.of(nodes);
            ids = positions.ids;
            priority = new long[n];
            for (int i = 0; i < n; i++) {
                priority[i] = nodes.get(i).priority();
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
                for (long d : deps) {
                    int p = positionOf(d);
                    if (p < 0) {
                        absent[a++] = d;
                    } else {
                        existing[e++] = p;
                    }
                }
                dependencies[i] = distinct(existing, e);
                missing[i] = distinctCount(absent, a);
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
            SchedulingScores scores = SchedulingScores.compute(nodes, positions);
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
    public record Flags(long id, boolean passes, boolean inProgress, boolean waiting) {
    }

    /**
     * Every feature's row of one snapshot, as {@link FeatureRepository#pictureRows} reads them in
     * one statement: its node, its flags, and whether the SQL definitions call it ready or blocked.
     */
    public static final class Rows {
        private static final int PASSES = 1;
        private static final int IN_PROGRESS = 2;
        private static final int WAITING = 4;
        private static final int READY = 8;
        private static final int BLOCKED = 16;

        public final List<SchedulingScores.Node> nodes = new ArrayList<>();
        private byte[] bits = new byte[64];

        public void add(SchedulingScores.Node node, boolean passes, boolean inProgress, boolean waiting, boolean ready, boolean blocked) {
            int row = nodes.size();
            if (row == bits.length) {
                bits = Arrays.copyOf(bits, row * 2);
            }
            bits[row] = (byte) ((passes ? PASSES : 0) | (inProgress ? IN_PROGRESS : 0) | (waiting ? WAITING : 0)
                    | (ready ? READY : 0) | (blocked ? BLOCKED : 0));
            nodes.add(node);
        }

        public int size() {
            return nodes.size();
        }

        private boolean is(int row, int flag) {
            return (bits[row] & flag) != 0;
        }
    }

    /** The four counts of {@code stats}. */
    public record Counts(long passing, long inProgress, long waiting, long total) {
    }

    /** A page of ids in the picture's order, with the size of the whole set. */
    public record Page(List<Long> ids, int total) {
    }

    final Graph graph;
    public final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long statusVersion;
    private final boolean[] passes;
    private final boolean[] inProgress;
    private final boolean[] waiting;
    private final int[] unmet;
    private final int[] byRank;
    private final BitSet ready = new BitSet();     // ranks
    private final BitSet blocked = new BitSet();   // positions (= id order)
    private int passing;
    private int inProgressCount;
    private int waitingCount;

    /** @param rows every feature of the snapshot {@code graph} was read from, or of one with the same graph version */
    public Backlog(Graph graph, long statusVersion, Rows rows) {
        this.graph = graph;
        this.statusVersion = statusVersion;
        int n = graph.ids.length;
        passes = new boolean[n];
        inProgress = new boolean[n];
        waiting = new boolean[n];
        unmet = new int[n];
        byRank = new int[n];
        boolean[] seen = new boolean[n];
        for (int row = 0; row < rows.size(); row++) {
            long id = rows.nodes.get(row).id();
            // rows come in the graph's order when it was built from them
            int p = row < n && graph.ids[row] == id ? row : graph.positionOf(id);
            if (p < 0) {
                throw new IllegalStateException("feature " + id + " is not in this snapshot's graph");
            }
            seen[p] = true;
            passes[p] = rows.is(row, Rows.PASSES);
            inProgress[p] = rows.is(row, Rows.IN_PROGRESS);
            waiting[p] = rows.is(row, Rows.WAITING);
            passing += passes[p] ? 1 : 0;
            inProgressCount += inProgress[p] ? 1 : 0;
            waitingCount += waiting[p] ? 1 : 0;
            if (rows.is(row, Rows.READY)) {
                ready.set(graph.rank[p]);
            }
            if (rows.is(row, Rows.BLOCKED)) {
                blocked.set(p);
            }
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
    }

    public long statusVersion() {
        return statusVersion;
    }

    /** Applies this process's committed status changes, moving the picture to {@code newVersion}. */
    public void apply(List<Flags> deltas, long newVersion) {
        for (Flags delta : deltas) {
            int p = graph.positionOf(delta.id());
            if (p < 0) {
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
        ready.set(r, !passes[p] && !inProgress[p] && !waiting[p] && unmet[p] == 0);
        blocked.set(p, !passes[p] && unmet[p] > 0);
    }

    /** @return the first {@code limit} ready ids in scheduling order, and how many are ready */
    public Page ready(int limit) {
        return new Page(readyIds(limit), ready.cardinality());
    }

    /** @return the first {@code limit} blocked ids in id order, and how many are blocked */
    public Page blocked(int limit) {
        return new Page(blockedIds(limit), blocked.cardinality());
    }

    private List<Long> readyIds(int limit) {
        List<Long> out = new ArrayList<>(Math.min(limit, 64));
        for (int r = ready.nextSetBit(0); r >= 0 && out.size() < limit; r = ready.nextSetBit(r + 1)) {
            out.add(graph.ids[byRank[r]]);
        }
        return out;
    }

    private List<Long> blockedIds(int limit) {
        List<Long> out = new ArrayList<>(Math.min(limit, 64));
        for (int p = blocked.nextSetBit(0); p >= 0 && out.size() < limit; p = blocked.nextSetBit(p + 1)) {
            out.add(graph.ids[p]);
        }
        return out;
    }

    public Counts counts() {
        return new Counts(passing, inProgressCount, waitingCount, graph.ids.length);
    }
}
