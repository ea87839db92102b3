package dev.flowdb.internal.store;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Would making {@code source} depend on {@code target} close a cycle?" — an iterative search
 * from {@code target} along stored dependencies, looking for {@code source}. Unlike the Python
 * original it has no depth limit, so deep chains are not refused by mistake; unlike the Rust
 * port it never answers "no" for a cycle it did not finish exploring.
 */
final class DependencyCycles {

    private DependencyCycles() {
    }

    static boolean wouldCreateCycle(Map<Long, List<Long>> dependencies, long source, long target) {
        if (source == target) {
            return true;
        }
        if (!dependencies.containsKey(source) || !dependencies.containsKey(target)) {
            return false;
        }
        Set<Long> visited = new HashSet<>();
        ArrayDeque<Long> stack = new ArrayDeque<>();
        stack.push(target);
        while (!stack.isEmpty()) {
            long node = stack.pop();
            if (node == source) {
                return true;
            }
            if (!visited.add(node)) {
                continue;
            }
            for (Long next : dependencies.getOrDefault(node, List.of())) {
                if (!visited.contains(next)) {
                    stack.push(next);
                }
            }
        }
        return false;
    }
}
