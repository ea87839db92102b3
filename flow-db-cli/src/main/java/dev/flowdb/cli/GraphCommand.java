package dev.flowdb.cli;

import dev.flowdb.DependencyGraph;
import dev.flowdb.internal.wire.OriginalJson;
import dev.flowdb.DependencyGraph.GraphNode;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graph}: the dependency graph as a text tree, Graphviz dot, Mermaid or JSON. */
@Command(name = "graph", mixinStandardHelpOptions = true, description = "Print the dependency graph.",
        footer = {"", "Examples:", "  flow-db graph", "  flow-db graph --format dot | dot -Tsvg > graph.svg", "  flow-db graph --format mermaid"})
final class GraphCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Option(names = "--format", defaultValue = "text", description = "text, dot or mermaid (default ${DEFAULT-VALUE}; --json wins).")
    String format;

    @Override
    public Integer call() {
        if (!List.of("text", "dot", "mermaid").contains(format)) {
            throw new FlowDbCli.BadInput("--format must be text, dot or mermaid; got '" + format + "'");
        }
        return FeatureCommands.withDb(common, db -> {
            DependencyGraph graph = db.features(common.actor()).graph();
            PrintWriter out = common.out();
            if (common.json) {
                Render.json(out, OriginalJson.graph(graph, true));
            } else if (format.equals("dot")) {
                dot(out, graph);
            } else if (format.equals("mermaid")) {
                mermaid(out, graph);
            } else {
                tree(out, graph);
            }
            return FlowDbCli.OK;
        });
    }

    private static String label(GraphNode n) {
        return "#" + n.id() + " " + n.name() + " [" + n.status().wireName() + "]";
    }

    /** Roots (no existing dependency) first, each dependent indented below what it depends on. */
    static void tree(PrintWriter out, DependencyGraph graph) {
        Map<Long, GraphNode> byId = new LinkedHashMap<>();
        graph.nodes().forEach(n -> byId.put(n.id(), n));
        Set<Long> printed = new HashSet<>();
        for (GraphNode n : graph.nodes()) {
            if (n.dependencies().stream().noneMatch(byId::containsKey)) {
                branch(out, byId, n, "", new HashSet<>(), printed);
            }
        }
        for (GraphNode n : graph.nodes()) {
            if (!printed.contains(n.id())) {
                out.println(label(n) + "  (in a dependency cycle)");
            }
        }
    }

    private static void branch(PrintWriter out, Map<Long, GraphNode> byId, GraphNode n, String indent, Set<Long> path, Set<Long> printed) {
        boolean seen = !printed.add(n.id());
        out.println((indent.isEmpty() ? "" : indent + "└─ ") + label(n) + (seen ? "  (shown above)" : ""));
        if (seen || !path.add(n.id())) {
            return;
        }
        for (Long child : n.dependents()) {
            branch(out, byId, byId.get(child), indent + "  ", path, printed);
        }
        path.remove(n.id());
    }

    static void dot(PrintWriter out, DependencyGraph graph) {
        out.println("digraph features {");
        out.println("  rankdir=LR;");
        out.println("  node [shape=box];");
        for (GraphNode n : graph.nodes()) {
            out.println("  f" + n.id() + " [label=\"" + escape("#" + n.id() + " " + n.name()) + "\\n" + n.status().wireName()
                    + "\", style=filled, fillcolor=\"" + colour(n) + "\"];");
        }
        Set<Long> known = new HashSet<>();
        graph.nodes().forEach(n -> known.add(n.id()));
        for (DependencyGraph.Edge e : graph.edges()) {
            if (!known.contains(e.source())) {
                out.println("  f" + e.source() + " [label=\"#" + e.source() + " (missing)\", style=dashed];");
            }
            out.println("  f" + e.source() + " -> f" + e.target() + ";");
        }
        out.println("}");
    }

    private static String colour(GraphNode n) {
        return switch (n.status()) {
            case DONE -> "palegreen";
            case IN_PROGRESS -> "lightskyblue";
            case BLOCKED -> "lightpink";
            case NEEDS_HUMAN_INPUT -> "khaki";
            case PENDING -> "white";
        };
    }

    static void mermaid(PrintWriter out, DependencyGraph graph) {
        out.println("graph TD");
        for (GraphNode n : graph.nodes()) {
            out.println("  f" + n.id() + "[\"" + ("#" + n.id() + " " + n.name()).replace("\"", "'") + " (" + n.status().wireName() + ")\"]");
        }
        for (DependencyGraph.Edge e : graph.edges()) {
            out.println("  f" + e.source() + " --> f" + e.target());
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
