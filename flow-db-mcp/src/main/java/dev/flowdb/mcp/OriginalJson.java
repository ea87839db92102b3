package dev.flowdb.mcp;

import dev.flowdb.BlockedFeature;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStats;
import dev.flowdb.schema.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Python original's JSON shapes of flow-db values, shared by the MCP tools and the CLI. */
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
     * @param json stored JSON text, or {@code null}
     * @return its value, the text itself if it is not JSON, or {@code null}
     */
    public static Object parsed(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.parse(json);
        } catch (IllegalArgumentException notJson) {
            return json;
        }
    }
}
