package dev.flowdb.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowdb.Actor;
import dev.flowdb.ChangeEvent;
import dev.flowdb.Database;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Golden answers: the JSON text of each tool, as the Python original's json.dumps writes it. */
class FeatureToolsTest {

    Database db;
    FeatureTools tools;

    @BeforeEach
    void open() {
        db = Database.openInMemory();
        tools = new FeatureTools(db, Actor.of("agent-7", "mcp"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    String call(String tool, Map<String, Object> args) {
        return tools.call(tool, args);
    }

    String create(String name) {
        return call("feature_create", Map.of("category", "auth", "name", name, "description", "Email form", "steps", List.of("open /login")));
    }

    @Test
    void createAndGetAnswerWithTheOriginalsKeysAndSpacing() {
        assertThat(call("feature_get_stats", Map.of()))
                .isEqualTo("{\"passing\": 0, \"in_progress\": 0, \"needs_human_input\": 0, \"total\": 0, \"percentage\": 0.0}");
        assertThat(create("Login")).isEqualTo("{\"success\": true, \"message\": \"Created feature: Login\", \"feature\": {\"id\": 1, "
                + "\"priority\": 1, \"category\": \"auth\", \"name\": \"Login\", \"description\": \"Email form\", \"steps\": [\"open /login\"], "
                + "\"passes\": false, \"in_progress\": false, \"dependencies\": [], \"needs_human_input\": false, "
                + "\"human_input_request\": null, \"human_input_response\": null}}");
        assertThat(create("Café ✓ 😀")).contains("\"name\": \"Caf\\u00e9 \\u2713 \\ud83d\\ude00\"");
        assertThat(call("feature_get_by_id", Map.of("feature_id", 99))).isEqualTo("{\"error\": \"Feature with ID 99 not found\"}");
        assertThat(call("feature_get_summary", Map.of("feature_id", 1)))
                .isEqualTo("{\"id\": 1, \"name\": \"Login\", \"passes\": false, \"in_progress\": false, \"needs_human_input\": false, \"dependencies\": []}");
    }

    @Test
    void statusToolsAnswerAndRefuseAsTheOriginal() {
        create("Login");
        create("Logout");
        assertThat(call("feature_claim_and_get", Map.of("feature_id", 1))).contains("\"in_progress\": true", "\"already_claimed\": false");
        assertThat(call("feature_claim_and_get", Map.of("feature_id", 1))).endsWith("\"already_claimed\": true}");
        assertThat(call("feature_mark_passing", Map.of("feature_id", 1))).isEqualTo("{\"success\": true, \"feature_id\": 1, \"name\": \"Login\"}");
        assertThat(call("feature_mark_passing", Map.of("feature_id", 1))).isEqualTo("{\"error\": \"Feature with ID 1 is already passing\"}");
        assertThat(call("feature_claim_and_get", Map.of("feature_id", 1))).isEqualTo("{\"error\": \"Feature with ID 1 is already passing\"}");
        assertThat(call("feature_skip", Map.of("feature_id", 1))).isEqualTo("{\"error\": \"Cannot skip a feature that is already passing\"}");
        assertThat(call("feature_skip", Map.of("feature_id", 2)))
                .isEqualTo("{\"id\": 2, \"name\": \"Logout\", \"old_priority\": 2, \"new_priority\": 3, \"message\": \"Feature 'Logout' moved to end of queue\"}");
        assertThat(call("feature_mark_failing", Map.of("feature_id", 1))).startsWith("{\"message\": \"Feature #1 marked as failing - regression detected\", \"feature\": {\"id\": 1,");
        assertThat(call("feature_mark_in_progress", Map.of("feature_id", 2))).contains("\"in_progress\": true");
        assertThat(call("feature_mark_in_progress", Map.of("feature_id", 2))).isEqualTo("{\"error\": \"Feature with ID 2 is already in-progress\"}");
        assertThat(call("feature_clear_in_progress", Map.of("feature_id", 2))).contains("\"in_progress\": false");
        assertThat(db.events().forFeature(1)).extracting(ChangeEvent::source).containsOnly("mcp");
        assertThat(db.events().forFeature(1)).extracting(ChangeEvent::agent).containsOnly("agent-7");
    }

    @Test
    void dependencyToolsAndListsHaveTheOriginalsShapes() {
        create("A");
        create("B");
        create("C");
        assertThat(call("feature_add_dependency", Map.of("feature_id", 2, "dependency_id", 2))).isEqualTo("{\"error\": \"A feature cannot depend on itself\"}");
        assertThat(call("feature_add_dependency", Map.of("feature_id", 2, "dependency_id", 1))).isEqualTo("{\"success\": true, \"feature_id\": 2, \"dependencies\": [1]}");
        assertThat(call("feature_add_dependency", Map.of("feature_id", 1, "dependency_id", 2))).isEqualTo("{\"error\": \"Cannot add: would create circular dependency\"}");
        assertThat(call("feature_set_dependencies", Map.of("feature_id", 3, "dependency_ids", List.of(2, 1)))).isEqualTo("{\"success\": true, \"feature_id\": 3, \"dependencies\": [1, 2]}");
        assertThat(call("feature_set_dependencies", Map.of("feature_id", 3, "dependency_ids", List.of(9, 8)))).isEqualTo("{\"error\": \"Dependencies not found: [9, 8]\"}");
        assertThat(call("feature_remove_dependency", Map.of("feature_id", 3, "dependency_id", 2))).isEqualTo("{\"success\": true, \"feature_id\": 3, \"dependencies\": [1]}");
        assertThat(call("feature_get_ready", Map.of())).startsWith("{\"features\": [{\"id\": 1,").endsWith("\"count\": 1, \"total_ready\": 1}");
        assertThat(call("feature_get_blocked", Map.of("limit", 1))).contains("\"blocked_by\": [1]}], \"count\": 1, \"total_blocked\": 2}");
        assertThat(call("feature_get_graph", Map.of())).startsWith("{\"nodes\": [{\"id\": 1, \"name\": \"A\", \"category\": \"auth\", \"status\": \"pending\", "
                + "\"priority\": 1, \"dependencies\": []}").endsWith("\"edges\": [{\"source\": 1, \"target\": 2}, {\"source\": 1, \"target\": 3}]}");
    }

    @Test
    void bulkCreateFollowsTheOriginalsRulesAndMessages() {
        Map<String, Object> a = Map.of("category", "c", "name", "a", "description", "d", "steps", List.of("s"));
        Map<String, Object> b = Map.of("category", "c", "name", "b", "description", "d", "steps", List.of("s"), "depends_on_indices", List.of(0));
        Map<String, Object> forward = Map.of("category", "c", "name", "f", "description", "d", "steps", List.of("s"), "depends_on_indices", List.of(1));
        assertThat(call("feature_create_bulk", Map.of("features", List.of(a, b)))).isEqualTo("{\"created\": 2, \"with_dependencies\": 1}");
        assertThat(call("feature_create_bulk", Map.of("features", List.of(forward, a))))
                .isEqualTo("{\"error\": \"Feature at index 0 cannot depend on feature at index 1 (forward reference not allowed)\"}");
        assertThat(call("feature_create_bulk", Map.of("features", List.of(Map.of("name", "x")))))
                .isEqualTo("{\"error\": \"Feature at index 0 missing required fields (category, name, description, steps)\"}");
        assertThat(call("feature_create_bulk", Map.of("features", List.of()))).isEqualTo("{\"created\": 0, \"with_dependencies\": 0}");
        assertThat(call("feature_get_stats", Map.of())).contains("\"total\": 2");
    }

    @Test
    void theAdditionsClaimNextEventsAndReleaseStale() {
        create("A");
        assertThat(call("feature_claim_next", Map.of())).contains("\"id\": 1", "\"already_claimed\": false");
        assertThat(call("feature_claim_next", Map.of())).isEqualTo("{\"error\": \"No features are ready to claim\", \"all_passing\": false}");
        assertThat(call("feature_get_events", Map.of("feature_id", 1))).contains("\"event_type\": \"created\"", "\"event_type\": \"claimed\"", "\"source\": \"mcp\"");
        assertThat(call("feature_release_stale", Map.of("older_than_minutes", 60))).isEqualTo("{\"released\": [], \"count\": 0}");
    }

    @Test
    void aDatabaseLockedPastTheBusyTimeoutIsAnErrorAnswerAndServingGoesOn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("features.db");
        try (Database fileDb = Database.builder(file).busyTimeout(java.time.Duration.ofMillis(200)).open()) {
            FeatureTools fileTools = new FeatureTools(fileDb, Actor.of("agent-1", "mcp"));
            fileTools.call("feature_create", Map.of("category", "c", "name", "A", "description", "d", "steps", List.of("s")));
            try (java.sql.Connection holder = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.Statement st = holder.createStatement()) {
                st.execute("begin immediate");
                assertThat(fileTools.call("feature_claim_and_get", Map.of("feature_id", 1)))
                        .startsWith("{\"error\": \"Failed to claim feature: ").contains("busy timeout");
                assertThat(fileTools.call("feature_get_by_id", Map.of("feature_id", 1))).contains("\"in_progress\": false");
                st.execute("rollback");
            }
            assertThat(fileTools.call("feature_claim_and_get", Map.of("feature_id", 1))).contains("\"already_claimed\": false");
        }
    }

    @Test
    void argumentsOutsideTheSchemaAreToolErrors() {
        assertThatThrownBy(() -> call("feature_get_by_id", Map.of("feature_id", 0))).isInstanceOf(FeatureTools.InvalidArguments.class);
        assertThatThrownBy(() -> call("feature_get_by_id", Map.of("feature_id", "one"))).isInstanceOf(FeatureTools.InvalidArguments.class);
        assertThatThrownBy(() -> call("feature_get_by_id", Map.of())).isInstanceOf(FeatureTools.InvalidArguments.class);
        assertThatThrownBy(() -> call("feature_get_ready", Map.of("limit", 51))).isInstanceOf(FeatureTools.InvalidArguments.class);
        assertThatThrownBy(() -> call("feature_get_blocked", Map.of("limit", 0))).isInstanceOf(FeatureTools.InvalidArguments.class);
        assertThatThrownBy(() -> call("feature_create", Map.of("category", "c", "name", "", "description", "d", "steps", List.of("s"))))
                .isInstanceOf(FeatureTools.InvalidArguments.class);
        assertThatThrownBy(() -> call("no_such_tool", Map.of())).isInstanceOf(FeatureTools.InvalidArguments.class);
        assertThat(tools.names()).hasSize(21);
    }
}
