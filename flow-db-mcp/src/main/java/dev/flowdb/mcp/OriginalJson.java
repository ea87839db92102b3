package dev.flowdb.mcp;

import dev.flowdb.Feature;
import dev.flowdb.schema.Json;
import java.util.LinkedHashMap;
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
