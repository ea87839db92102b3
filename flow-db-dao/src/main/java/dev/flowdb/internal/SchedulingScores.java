package dev.flowdb.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
 */
public final class SchedulingScores {

    /** A feature as the score sees it. */
    public record Node(long id, long priority, List<Long> dependencies) {
    }

    private final Map<Long, Double> scores;

    private SchedulingScores(Map<Long, Double> scores) {
        this.scores = scores;
    }

    /**
     * @param nodes every feature, in table (id) order
     * @return the scores
     */
    public static SchedulingScores compute(List<Node> nodes) {
        int n = nodes.size();
        Map<Long, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i).id(), i);
        }
        List<List<Integer>> children = new ArrayList<>(n);
        List<List<Integer>> parents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            children.add(new ArrayList<>(2));
            parents.add(new ArrayList<>(2));
        }
        for (int f = 0; f < n; f++) {
            for (Long dep : nodes.get(f).dependencies()) {
                Integer d = index.get(dep);
                if (d != null) {
                    children.get(d).add(f);
                    parents.get(f).add(d);
                }
            }
        }

        int[] depth = new int[n];
        int[] order = new int[n];
        int assigned = 0;
        boolean[] visited = new boolean[n];
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (parents.get(i).isEmpty()) {
                queue.add(new int[] {i, 0});
            }
        }
        while (!queue.isEmpty()) {
            int[] item = queue.poll();
            int node = item[0];
            if (visited[node]) {
                continue;
            }
            visited[node] = true;
            depth[node] = item[1];
            order[assigned++] = node;
            for (int child : children.get(node)) {
                if (!visited[child]) {
                    queue.add(new int[] {child, item[1] + 1});
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!visited[i]) {
                depth[i] = 0;
                order[assigned++] = i;
            }
        }

        // stable sort of the assignment order by depth, deepest first
        Integer[] byDepth = new Integer[n];
        for (int i = 0; i < n; i++) {
            byDepth[i] = order[i];
        }
        Arrays.sort(byDepth, (a, b) -> Integer.compare(depth[b], depth[a]));
        long[] downstream = new long[n];
        for (int node : byDepth) {
            for (int parent : parents.get(node)) {
                downstream[parent] += 1 + downstream[node];
            }
        }

        long maxDownstream = 0;
        int maxDepth = 0;
        for (int i = 0; i < n; i++) {
            maxDownstream = Math.max(maxDownstream, downstream[i]);
            maxDepth = Math.max(maxDepth, depth[i]);
        }
        Map<Long, Double> scores = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            double unblock = maxDownstream > 0 ? (double) downstream[i] / (double) maxDownstream : 0.0;
            double depthScore = maxDepth > 0 ? 1 - (double) depth[i] / (double) maxDepth : 1.0;
            long priority = nodes.get(i).priority();
            double priorityFactor = (double) (10 - Math.min(priority, 10)) / 10.0;
            scores.put(nodes.get(i).id(), 1000 * unblock + 100 * depthScore + 10 * priorityFactor);
        }
        return new SchedulingScores(scores);
    }

    /**
     * @param id a feature id
     * @return its score; 0 for an id that was not scored
     */
    public double score(long id) {
        Double s = scores.get(id);
        return s == null ? 0.0 : s;
    }

    /** @return every score by feature id */
    public Map<Long, Double> asMap() {
        return Map.copyOf(scores);
    }

    /** @return the ids scored */
    public Set<Long> ids() {
        return new HashSet<>(scores.keySet());
    }
}
