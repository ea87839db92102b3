package dev.flowdb.internal.store;

import dev.flowdb.internal.sql.FeatureRepository;

import dev.flowdb.DependencyGraph;
import dev.flowdb.FeatureStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The dependency graph answer built from every feature's {@link FeatureRepository.GraphRow}. */
final class Graphs {

    private Graphs() {
    }

    /** @param all every feature's row, by id */
    static DependencyGraph of(List<FeatureRepository.GraphRow> all) {
        Set<Long> passing = new HashSet<>();
        Set<Long> existing = new HashSet<>(all.size() * 2);
        for (var f : all) {
            existing.add(f.id());
            if (f.passes()) {
                passing.add(f.id());
            }
        }
        Map<Long, List<Long>> dependents = new HashMap<>();
        List<DependencyGraph.Edge> edges = new ArrayList<>();
        for (var f : all) {
            for (Long d : f.dependencies()) {
                edges.add(new DependencyGraph.Edge(d, f.id()));
                if (existing.contains(d)) {
                    // rows come by id, so each list of dependents is built in id order; a
                    // dependency listed twice (legacy rows) adds its dependent once
                    List<Long> of = dependents.computeIfAbsent(d, k -> new ArrayList<>(4));
                    if (of.isEmpty() || of.get(of.size() - 1) != f.id()) {
                        of.add(f.id());
                    }
                }
            }
        }
        List<DependencyGraph.GraphNode> nodes = new ArrayList<>(all.size());
        for (var f : all) {
            boolean met = passing.containsAll(f.dependencies());
            FeatureStatus status = FeatureStatus.of(f.passes(), f.needsHumanInput(), met, f.inProgress());
            nodes.add(new DependencyGraph.GraphNode(f.id(), f.name(), f.category(), f.priority(), status,
                    f.dependencies(), dependents.getOrDefault(f.id(), List.of())));
        }
        return new DependencyGraph(nodes, edges);
    }
}
