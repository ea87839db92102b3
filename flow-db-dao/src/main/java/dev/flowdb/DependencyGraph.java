package dev.flowdb;

import java.util.List;

/**
 * The whole dependency graph: a node per feature (id order) and an edge per stored dependency.
 *
 * @param nodes one per feature
 * @param edges one per entry of every dependency list, dangling ones and duplicates included
 */
public record DependencyGraph(List<GraphNode> nodes, List<Edge> edges) {

    /**
     * Copies the lists.
     *
     * @param nodes the {@code nodes} component
     * @param edges the {@code edges} component
     */
    public DependencyGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /**
     * A feature in the graph.
     *
     * @param id the feature id
     * @param name its name
     * @param category its category
     * @param priority its priority
     * @param status derived status
     * @param dependencies ids it depends on, as stored
     * @param dependents ids of existing features that depend on it, ascending, without duplicates
     */
    public record GraphNode(long id, String name, String category, long priority, FeatureStatus status,
                            List<Long> dependencies, List<Long> dependents) {

        /**
         * Copies the lists.
         *
         * @param id the {@code id} component
         * @param name the {@code name} component
         * @param category the {@code category} component
         * @param priority the {@code priority} component
         * @param status the {@code status} component
         * @param dependencies the {@code dependencies} component
         * @param dependents the {@code dependents} component
         */
        public GraphNode {
            dependencies = List.copyOf(dependencies);
            dependents = List.copyOf(dependents);
        }
    }

    /**
     * "{@code target} depends on {@code source}".
     *
     * @param source the dependency (may name a feature that does not exist)
     * @param target the dependent feature
     */
    public record Edge(long source, long target) {
    }
}
