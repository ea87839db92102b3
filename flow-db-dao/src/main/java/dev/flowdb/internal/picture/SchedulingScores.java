package dev.flowdb.internal.picture;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python original's scheduling score ({@code compute_scheduling_scores}, REFERENCE §8.3),
 * reproduced step by step — including its quirks (downstream counts paths, not descendants;
 * depth is the BFS depth at first pop) — so ready lists come out in exactly the same order.
 *
 * <p>Written over primitive arrays (the edges in compressed rows, the BFS queue as two int
 * arrays, the stable depth order as a counting sort) rather than maps and lists of boxed
 * integers: the picture of a 10 000-feature backlog is built once per process by every CLI
 * command that needs an order, and there it runs cold; the boxed version took 90–100 ms of a
 * 0.6 s {@code flow-db ready} (BENCHMARKS.md, "Start-up").
 */
public final class SchedulingScores {

    /** A feature as the score sees it. */
    public record Node(long id, long priority, List<Long> dependencies) {
    }

    private final IdPositions positions;
    private final double[] scores;

    private SchedulingScores(IdPositions positions, double[] scores) {
        this.positions = positions;
        this.scores = scores;
    }

    /**
     * @param nodes every feature, in table (id) order
     * @return the scores
     */
    public static SchedulingScores compute(List<Node> nodes) {
        return compute(nodes, IdPositions.of(nodes));
    }

    /** As {@link #compute(List)}, with the positions of {@code nodes} already found. */
    static SchedulingScores compute(List<Node> nodes, IdPositions positions) {
        int n = nodes.size();

        // the edges, duplicates kept (the original counts a repeated dependency twice): for each
        // dependency d of feature f, in f's stored order, f is a child of d and d a parent of f
        int edges = 0;
        for (Node node : nodes) {
            edges += node.dependencies().size();
        }
        int[] edgeParent = new int[edges];
        int[] edgeChild = new int[edges];
        int[] childCount = new int[n + 1];
        int[] parentCount = new int[n + 1];
        int m = 0;
        for (int f = 0; f < n; f++) {
            for (Long dep : nodes.get(f).dependencies()) {
                int d = positions.of(dep);
                if (d >= 0) {
                    edgeParent[m] = d;
                    edgeChild[m] = f;
                    childCount[d + 1]++;
                    parentCount[f + 1]++;
                    m++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            childCount[i + 1] += childCount[i];
            parentCount[i + 1] += parentCount[i];
        }
        int[] childStart = childCount;
        int[] parentStart = parentCount;
        int[] children = new int[m];
        int[] parents = new int[m];
        int[] childFill = Arrays.copyOf(childStart, n);
        int[] parentFill = Arrays.copyOf(parentStart, n);
        for (int e = 0; e < m; e++) {
            children[childFill[edgeParent[e]]++] = edgeChild[e];
            parents[parentFill[edgeChild[e]]++] = edgeParent[e];
        }

        // breadth first from every feature without parents, in table order; depth is set at the
        // first pop, and a node may be queued more than once (every queued pair is popped)
        int[] depth = new int[n];
        int[] order = new int[n];
        int assigned = 0;
        boolean[] visited = new boolean[n];
        int[] queueNode = new int[n + m];
        int[] queueDepth = new int[n + m];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (parentStart[i] == parentStart[i + 1]) {
                queueNode[tail] = i;
                queueDepth[tail++] = 0;
            }
        }
        while (head < tail) {
            int node = queueNode[head];
            int level = queueDepth[head++];
            if (visited[node]) {
                continue;
            }
            visited[node] = true;
            depth[node] = level;
            order[assigned++] = node;
            for (int c = childStart[node]; c < childStart[node + 1]; c++) {
                int child = children[c];
                if (!visited[child]) {
                    queueNode[tail] = child;
                    queueDepth[tail++] = level + 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!visited[i]) {
                depth[i] = 0;
                order[assigned++] = i;
            }
        }

        // the assignment order sorted by depth, deepest first, stable: a counting sort
        int maxDepth = 0;
        for (int i = 0; i < n; i++) {
            maxDepth = Math.max(maxDepth, depth[i]);
        }
        int[] atDepth = new int[maxDepth + 2];
        for (int i = 0; i < n; i++) {
            atDepth[maxDepth - depth[i] + 1]++;
        }
        for (int k = 0; k <= maxDepth; k++) {
            atDepth[k + 1] += atDepth[k];
        }
        int[] byDepth = new int[n];
        for (int i = 0; i < n; i++) {
            int node = order[i];
            byDepth[atDepth[maxDepth - depth[node]]++] = node;
        }
        long[] downstream = new long[n];
        for (int node : byDepth) {
            for (int p = parentStart[node]; p < parentStart[node + 1]; p++) {
                downstream[parents[p]] += 1 + downstream[node];
            }
        }

        long maxDownstream = 0;
        for (int i = 0; i < n; i++) {
            maxDownstream = Math.max(maxDownstream, downstream[i]);
        }
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double unblock = maxDownstream > 0 ? (double) downstream[i] / (double) maxDownstream : 0.0;
            double depthScore = maxDepth > 0 ? 1 - (double) depth[i] / (double) maxDepth : 1.0;
            long priority = nodes.get(i).priority();
            double priorityFactor = (double) (10 - Math.min(priority, 10)) / 10.0;
            scores[i] = 1000 * unblock + 100 * depthScore + 10 * priorityFactor;
        }
        return new SchedulingScores(positions, scores);
    }

    /**
     * @param i a position in the list the scores were computed from
     * @return the score of the feature there
     */
    double scoreAt(int i) {
        return scores[i];
    }

    /**
     * @param id a feature id
     * @return its score; 0 for an id that was not scored
     */
    public double score(long id) {
        int p = positions.of(id);
        return p < 0 ? 0.0 : scores[p];
    }

    /** @return every score by feature id */
    public Map<Long, Double> asMap() {
        long[] ids = positions.ids;
        Map<Long, Double> all = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            all.put(ids[i], scores[i]);
        }
        return Map.copyOf(all);
    }

    /** @return the ids scored */
    public Set<Long> ids() {
        Set<Long> all = new HashSet<>(positions.ids.length * 2);
        for (long id : positions.ids) {
            all.add(id);
        }
        return all;
    }
}
