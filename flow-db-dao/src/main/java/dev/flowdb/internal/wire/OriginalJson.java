package dev.flowdb.internal.wire;

import dev.flowdb.BlockedFeature;
import dev.flowdb.ChangeEvent;
import dev.flowdb.DependencyGraph;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import dev.flowdb.schema.TimestampConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that shapes flow-db values as the Python original's JSON answers (feature, page,
 * stats, summary, skip, graph node, graph, event), shared by the MCP tools, the CLI and the HTTP
 * API: each is a mutable map in the original's key order, so a caller may add its own keys after
 * them. Serialised with {@code Json.write} (compact) or {@link PyJson#dumps} (Python's bytes).
 */
public final class OriginalJson {

    private OriginalJson() {
    }

    /**
     * The original's {@code to_dict}: {@code id, priority, category, name, description, steps,
     * passes, in_progress, dependencies, needs_human_input, human_input_request,
     * human_input_response}, in that order (a mutable map, so callers may add keys after them).
     *
     * @param f the feature
     * @return its map
     */
    public static Map<String, Object> feature(Feature f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("priority", f.priority());
        m.put("category", f.category());
        m.put("name", f.name());
        m.put("description", f.description());
        m.put("steps", f.steps());
        m.put("passes", f.passes());
        m.put("in_progress", f.inProgress());
        m.put("dependencies", f.dependencies());
        m.put("needs_human_input", f.needsHumanInput());
        m.put("human_input_request", parsed(f.humanInputRequest()));
        m.put("human_input_response", parsed(f.humanInputResponse()));
        return m;
    }

    /**
     * flow-db's own fields of a feature, which every front end writes after the original's keys:
     * {@code claimed_by, claimed_at, claim_renewed_at, created_at, updated_at}, the times in the
     * stored form ({@code 2026-03-01T10:00:00.000Z}).
     *
     * @param into the map to add them to (a feature's answer)
     * @param f the feature
     * @return {@code into}
     */
    public static Map<String, Object> withFlowDbFields(Map<String, Object> into, Feature f) {
        into.put("claimed_by", f.claimedBy());
        into.put("claimed_at", time(f.claimedAt()));
        into.put("claim_renewed_at", time(f.claimRenewedAt()));
        into.put("created_at", time(f.createdAt()));
        into.put("updated_at", time(f.updatedAt()));
        return into;
    }

    /**
     * A time as every answer writes it.
     *
     * @param at a time, or {@code null}
     * @return its stored form ({@code 2026-03-01T10:00:00.000Z}), or {@code null}
     */
    public static String time(java.time.Instant at) {
        return at == null ? null : TimestampConverter.format(at);
    }

    /**
     * A blocked feature in the original's shape.
     *
     * @param b a blocked feature
     * @return its {@link #feature(Feature) feature map} followed by {@code blocked_by}
     */
    public static Map<String, Object> blocked(BlockedFeature b) {
        Map<String, Object> m = feature(b.feature());
        m.put("blocked_by", b.blockedBy());
        return m;
    }

    /**
     * The original's {@code feature_get_stats} answer (a mutable map, so callers may add keys).
     *
     * @param s the counts
     * @return {@code passing, in_progress, needs_human_input, total, percentage}
     */
    public static Map<String, Object> stats(FeatureStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passing", s.passing());
        m.put("in_progress", s.inProgress());
        m.put("needs_human_input", s.needsHumanInput());
        m.put("total", s.total());
        m.put("percentage", s.percentage());
        return m;
    }

    /**
     * A page in the original's shape.
     *
     * @param features the page's items
     * @param totalKey {@code total_ready} or {@code total_blocked}
     * @param total how many there are in all
     * @return {@code features, count, <totalKey>}
     */
    public static Map<String, Object> page(List<Map<String, Object>> features, String totalKey, long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("features", features);
        m.put("count", features.size());
        m.put(totalKey, total);
        return m;
    }

    /**
     * A feature's summary.
     *
     * @param f the feature
     * @return the original's {@code feature_get_summary}: {@code id, name, passes, in_progress, needs_human_input, dependencies}
     */
    public static Map<String, Object> summary(Feature f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.name());
        m.put("passes", f.passes());
        m.put("in_progress", f.inProgress());
        m.put("needs_human_input", f.needsHumanInput());
        m.put("dependencies", f.dependencies());
        return m;
    }

    /**
     * A skip's answer.
     *
     * @param r a skip
     * @return the original's {@code feature_skip} answer: {@code id, name, old_priority, new_priority, message}
     */
    public static Map<String, Object> skip(FeatureStore.SkipResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.feature().id());
        m.put("name", r.feature().name());
        m.put("old_priority", r.oldPriority());
        m.put("new_priority", r.newPriority());
        m.put("message", "Feature '" + r.feature().name() + "' moved to end of queue");
        return m;
    }

    /**
     * A graph node.
     *
     * @param n a node
     * @param withDependents whether to add flow-db's {@code dependents} after the original's keys
     * @return {@code id, name, category, status, priority, dependencies[, dependents]}
     */
    public static Map<String, Object> node(DependencyGraph.GraphNode n, boolean withDependents) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("name", n.name());
        m.put("category", n.category());
        m.put("status", n.status().wireName());
        m.put("priority", n.priority());
        m.put("dependencies", n.dependencies());
        if (withDependents) {
            m.put("dependents", n.dependents());
        }
        return m;
    }

    /**
     * The dependency graph.
     *
     * @param g the graph
     * @param withDependents whether nodes carry {@code dependents}
     * @return the original's {@code feature_get_graph}: {@code nodes, edges} with edges {@code {source, target}}
     */
    public static Map<String, Object> graph(DependencyGraph g, boolean withDependents) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", g.nodes().stream().map(n -> node(n, withDependents)).toList());
        m.put("edges", g.edges().stream().map(OriginalJson::edge).toList());
        return m;
    }

    private static Map<String, Object> edge(DependencyGraph.Edge e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", e.source());
        m.put("target", e.target());
        return m;
    }

    /**
     * A change event.
     *
     * @param e a change event
     * @return {@code id, feature_id, event_type, field, old_value, new_value, agent, source, created_at}, values parsed from their JSON
     */
    public static Map<String, Object> event(ChangeEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("feature_id", e.featureId());
        m.put("event_type", e.eventType());
        m.put("field", e.field());
        m.put("old_value", parsed(e.oldValue()));
        m.put("new_value", parsed(e.newValue()));
        m.put("agent", e.agent());
        m.put("source", e.source());
        m.put("created_at", time(e.createdAt()));
        return m;
    }

    /**
     * A stored JSON value, parsed for an answer.
     *
     * @param json stored JSON text, or {@code null}
     * @return its value, the text itself if it is not JSON, or {@code null}
     */
    public static Object parsed(String json) {
        return json == null ? null : JsonValues.parseOrText(json);
    }
}
