package dev.flowdb.it;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The original's scheduling score (REFERENCE §8.3), written again for the model test as plainly as
 * the reference states it — maps and lists, one step per numbered rule — so that the model's
 * expected ready order does not come from the production code it checks ({@code SchedulingScores}
 * works over primitive arrays and compressed edge rows for speed; this works over boxed maps).
 */
final class OriginalScores {

    private OriginalScores() {
    }

    /** A feature as the score sees it. */
    record Node(long id, long priority, List<Long> dependencies) { }

    /** @return each feature's score, by id */
    static Map<Long, Double> of(List<Node> features) {
        List<Node> inTableOrder = new ArrayList<>(features);
        inTableOrder.sort(Comparator.comparingLong(Node::id));
        Map<Long, Node> byId = new LinkedHashMap<>();
        inTableOrder.forEach(n -> byId.put(n.id(), n));

        // 1. edges, to dependencies that exist; a duplicate counts twice
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, List<Long>> parents = new HashMap<>();
        for (Node n : inTableOrder) {
            children.put(n.id(), new ArrayList<>());
            parents.put(n.id(), new ArrayList<>());
        }
        for (Node n : inTableOrder) {
            for (long d : n.dependencies()) {
                if (byId.containsKey(d)) {
                    children.get(d).add(n.id());
                    parents.get(n.id()).add(d);
                }
            }
        }

        // 2. depth: BFS from every root, set when first popped; unreached nodes get 0
        Map<Long, Integer> depth = new HashMap<>();
        List<Long> order = new ArrayList<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        for (Node n : inTableOrder) {
            if (parents.get(n.id()).isEmpty()) {
                queue.add(new long[] {n.id(), 0});
            }
        }
        Set<Long> visited = new HashSet<>();
        while (!queue.isEmpty()) {
            long[] item = queue.poll();
            if (!visited.add(item[0])) {
                continue;
            }
            depth.put(item[0], (int) item[1]);
            order.add(item[0]);
            for (long child : children.get(item[0])) {
                queue.add(new long[] {child, item[1] + 1});
            }
        }
        for (Node n : inTableOrder) {
            if (!visited.contains(n.id())) {
                depth.put(n.id(), 0);
                order.add(n.id());
            }
        }

        // 3. downstream: over that order stable-sorted by depth descending, each parent gains 1 + the child's
        Map<Long, Integer> downstream = new HashMap<>();
        inTableOrder.forEach(n -> downstream.put(n.id(), 0));
        List<Long> deepestFirst = new ArrayList<>(order);
        deepestFirst.sort(Comparator.comparingInt((Long id) -> depth.get(id)).reversed());
        for (long n : deepestFirst) {
            for (long p : parents.get(n)) {
                downstream.put(p, downstream.get(p) + 1 + downstream.get(n));
            }
        }

        // 4 and 5. normalised and weighted, in the reference's operation order
        int maxDownstream = downstream.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int maxDepth = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<Long, Double> scores = new HashMap<>();
        for (Node n : inTableOrder) {
            double unblock = maxDownstream == 0 ? 0 : (double) downstream.get(n.id()) / maxDownstream;
            double depthScore = maxDepth == 0 ? 1 : 1 - (double) depth.get(n.id()) / maxDepth;
            double priorityFactor = (10 - Math.min(n.priority(), 10)) / 10.0;
            scores.put(n.id(), 1000 * unblock + 100 * depthScore + 10 * priorityFactor);
        }
        return scores;
    }
}
