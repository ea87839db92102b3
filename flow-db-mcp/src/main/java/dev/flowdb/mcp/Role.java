package dev.flowdb.mcp;

import java.util.List;
import java.util.Locale;

/**
 * Which tools {@code tools/list} shows an agent: the original's list for each agent role
 * (REFERENCE §7.20b) plus flow-db's own tools where they fit the role. Every tool stays callable
 * whatever the role, as in the original; a role only keeps the others out of the agent's context.
 */
enum Role {

    /** Implements features: reads, claims, marks, skips; keeps its claims alive. */
    CODING(List.of("feature_get_stats", "feature_get_by_id", "feature_get_summary", "feature_get_ready", "feature_get_blocked",
            "feature_get_graph", "feature_claim_and_get", "feature_mark_in_progress", "feature_mark_passing", "feature_mark_failing",
            "feature_skip", "feature_clear_in_progress", "feature_claim_next", "feature_renew_claim")),
    /** Verifies features: reads and marks passing or failing. */
    TESTING(List.of("feature_get_stats", "feature_get_by_id", "feature_get_summary", "feature_get_ready", "feature_get_blocked",
            "feature_get_graph", "feature_mark_passing", "feature_mark_failing")),
    /** Writes the backlog: creates features and their dependencies. */
    INITIALIZER(List.of("feature_get_stats", "feature_get_ready", "feature_get_blocked", "feature_get_graph", "feature_create_bulk",
            "feature_create", "feature_add_dependency", "feature_set_dependencies")),
    /** The web chat assistant: reads, adds features, skips, asks its user; never claims or marks. */
    ASSISTANT(List.of("feature_get_stats", "feature_get_by_id", "feature_get_ready", "feature_get_blocked", "feature_create",
            "feature_create_bulk", "feature_skip", "ask_user")),
    /** Every tool. */
    ALL(null);

    private final List<String> tools;

    Role(List<String> tools) {
        this.tools = tools;
    }

    /** @return whether {@code tools/list} shows the tool to this role */
    boolean lists(String tool) {
        return tools == null || tools.contains(tool);
    }

    /** @return the tools of this role, or {@code null} for {@link #ALL} */
    List<String> tools() {
        return tools;
    }

    /**
     * @param name {@code coding}, {@code testing}, {@code initializer}, {@code assistant} or {@code all}, any case
     * @return the role
     * @throws IllegalArgumentException naming the choices, for any other name
     */
    static Role of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown role '" + name + "' (use coding, testing, initializer, assistant or all)");
        }
    }
}
