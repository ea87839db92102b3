package dev.flowdb.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowdb.ChangeEvent;
import dev.flowdb.Feature;
import dev.flowdb.internal.wire.OriginalJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The JSON shapes of the answers: the original's FeatureResponse (keys in its order) and flow-db's own. */
final class FeatureJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FeatureJson() {
    }

    /** {@return the ids of the passing features, against which the original computes "blocked"} */
    static Set<Long> passingIds(Collection<Feature> all) {
        Set<Long> passing = new HashSet<>();
        for (Feature f : all) {
            if (f.passes()) {
                passing.add(f.id());
            }
        }
        return passing;
    }

    /** {@return the dependencies that are not passing features (unknown ids count), in stored order} */
    static List<Long> blocking(Feature f, Set<Long> passing) {
        List<Long> blocking = new ArrayList<>();
        for (Long dependency : f.dependencies()) {
            if (!passing.contains(dependency)) {
                blocking.add(dependency);
            }
        }
        return blocking;
    }

    /**
     * The original's FeatureResponse.
     *
     * @param passing the passing ids to compute {@code blocked} against, or {@code null} where the
     *        original always answers {@code blocked:false} (get, create, bulk)
     */
    static ObjectNode response(Feature f, Set<Long> passing) {
        ObjectNode node = NODES.objectNode();
        node.put("category", f.category());
        node.put("name", f.name());
        node.put("description", f.description());
        ArrayNode steps = node.putArray("steps");
        f.steps().forEach(steps::add);
        ids(node.putArray("dependencies"), f.dependencies());
        node.put("id", f.id());
        node.put("priority", f.priority());
        node.put("passes", f.passes());
        node.put("in_progress", f.inProgress());
        List<Long> blocking = passing == null ? List.of() : blocking(f, passing);
        node.put("blocked", !blocking.isEmpty());
        ids(node.putArray("blocking_dependencies"), blocking);
        node.put("needs_human_input", f.needsHumanInput());
        node.set("human_input_request", parsed(f.humanInputRequest()));
        node.set("human_input_response", parsed(f.humanInputResponse()));
        return node;
    }

    /** The response plus flow-db's own fields: who holds the claim and since when, the times. */
    static ObjectNode full(Feature f, Set<Long> passing) {
        ObjectNode node = response(f, passing);
        OriginalJson.withFlowDbFields(new java.util.LinkedHashMap<>(), f).forEach((key, value) -> node.put(key, (String) value));
        return node;
    }

    /** A change event in the shape every front end writes ({@link OriginalJson#event}). */
    static ObjectNode event(ChangeEvent e) {
        return RequestCheck.JSON.valueToTree(OriginalJson.event(e));
    }

    /** {@return passing / total in percent, one decimal (0.0 for an empty backlog), as the original rounds it} */
    static double percentage(long passing, long total) {
        return total == 0 ? 0.0 : Math.round(passing * 1000.0 / total) / 10.0;
    }

    static void ids(ArrayNode array, Collection<Long> ids) {
        ids.forEach(array::add);
    }

    /** Stored JSON text as a tree; text that is not JSON stays a string rather than being lost. */
    static JsonNode parsed(String json) {
        if (json == null) {
            return NODES.nullNode();
        }
        try {
            return RequestCheck.JSON.readTree(json);
        } catch (JsonProcessingException notJson) {
            return NODES.textNode(json);
        }
    }
}
