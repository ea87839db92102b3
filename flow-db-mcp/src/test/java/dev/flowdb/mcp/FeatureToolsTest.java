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
        assertThat(tools.names()).containsExactlyInAnyOrderElementsOf(McpServerProcessTest.TOOL_NAMES);
    }

    // ------------------------------------------------------------------ human input (REFERENCE §7.20)

    static Map<String, Object> field(Object... pairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    String ask(Object... fields) {
        return call("feature_request_human_input", Map.of("feature_id", 1, "prompt", "Which database?", "fields", List.of(fields)));
    }

    static String error(String text) {
        return "{\"error\": \"" + text.replace("'", "'") + "\"}";
    }

    @Test
    void humanInputAnswersEveryCheckOfTheOriginalInOrderAndChangesNothing() {
        create("Login");
        call("feature_claim_and_get", Map.of("feature_id", 1));
        String before = call("feature_get_by_id", Map.of("feature_id", 1));
        Map<String, Object> ok = field("id", "ok", "label", "OK");
        assertThat(ask(ok, field("label", "x"))).isEqualTo(error("Field at index 1 missing required 'id' or 'label'"));
        assertThat(ask(field("id", "", "label", "x"))).isEqualTo(error("Field at index 0 has empty or invalid 'id'"));
        assertThat(ask(field("id", "a", "label", 3))).isEqualTo(error("Field at index 0 has empty or invalid 'label'"));
        assertThat(ask(ok, ok)).isEqualTo(error("Duplicate field id 'ok' at index 1"));
        assertThat(ask(field("id", "a", "label", "A", "type", "radio")))
                .isEqualTo(error("Field at index 0 has invalid type 'radio'. Must be one of: boolean, select, text, textarea"));
        assertThat(ask(field("id", "a", "label", "A", "type", "select", "options", List.of())))
                .isEqualTo(error("Field at index 0 is type 'select' but missing or invalid 'options' array"));
        assertThat(ask(field("id", "a", "label", "A", "type", "select", "options", List.of("pg"))))
                .isEqualTo(error("Field at index 0, option 0 must be an object with 'value' and 'label'"));
        assertThat(ask(field("id", "a", "label", "A", "type", "select", "options", List.of(field("value", "pg")))))
                .isEqualTo(error("Field at index 0, option 0 missing required 'value' or 'label'"));
        assertThat(ask(field("id", "a", "label", "A", "type", "select", "options", List.of(field("value", " ", "label", "P")))))
                .isEqualTo(error("Field at index 0, option 0 has empty or invalid 'value'"));
        assertThat(ask(field("id", "a", "label", "A", "type", "select", "options", List.of(field("value", "pg", "label", "")))))
                .isEqualTo(error("Field at index 0, option 0 has empty or invalid 'label'"));
        assertThat(ask(field("id", "a", "label", "A", "type", "textarea", "options", List.of(field("value", "pg", "label", "P")))))
                .isEqualTo(error("Field at index 0 has 'options' but type is 'textarea' (only 'select' uses options)"));
        assertThat(call("feature_get_by_id", Map.of("feature_id", 1))).isEqualTo(before);
        assertThat(db.events().forFeature(1)).extracting(ChangeEvent::eventType).containsExactly("created", "claimed");
    }

    @Test
    void humanInputKeepsOptionObjectsAndEveryKeyAndAnswersAsTheOriginal() {
        create("Login");
        assertThat(ask(field("id", "db", "label", "Database"))).isEqualTo(error("Feature with ID 1 is not in progress"));
        assertThat(call("feature_request_human_input", Map.of("feature_id", 9, "prompt", "?", "fields", List.of(field("id", "a", "label", "A")))))
                .isEqualTo(error("Feature with ID 9 not found"));
        call("feature_claim_and_get", Map.of("feature_id", 1));
        Map<String, Object> select = field("id", "db", "label", "Database", "type", "select", "required", true, "placeholder", "Pick one",
                "options", List.of(field("value", "pg", "label", "PostgreSQL"), field("value", "lite", "label", "SQLite", "note", "single host")),
                "x-widget", "radio");
        assertThat(ask(select, field("id", "why", "label", "Why?", "type", "textarea", "required", false)))
                .isEqualTo("{\"success\": true, \"feature_id\": 1, \"name\": \"Login\", \"message\": \"Feature 'Login' is now blocked waiting for human input\"}");
        assertThat(db.features().getById(1).orElseThrow().humanInputRequest()).isEqualTo("{\"prompt\": \"Which database?\", \"fields\": [{\"id\": \"db\", "
                + "\"label\": \"Database\", \"type\": \"select\", \"required\": true, \"placeholder\": \"Pick one\", \"options\": [{\"value\": \"pg\", "
                + "\"label\": \"PostgreSQL\"}, {\"value\": \"lite\", \"label\": \"SQLite\", \"note\": \"single host\"}], \"x-widget\": \"radio\"}, "
                + "{\"id\": \"why\", \"label\": \"Why?\", \"type\": \"textarea\", \"required\": false}]}");
        assertThat(call("feature_get_by_id", Map.of("feature_id", 1))).contains("\"needs_human_input\": true",
                "\"options\": [{\"value\": \"pg\", \"label\": \"PostgreSQL\"}, {\"value\": \"lite\", \"label\": \"SQLite\", \"note\": \"single host\"}]");
        assertThat(ask(field("id", "a", "label", "A"))).as("no longer in progress").isEqualTo(error("Feature with ID 1 is not in progress"));
    }

    @Test
    void humanInputArgumentsOutsideTheirBoundsAreToolErrors() {
        create("Login");
        assertThatThrownBy(() -> call("feature_request_human_input", Map.of("feature_id", 0, "prompt", "?", "fields", List.of(field("id", "a", "label", "A")))))
                .isInstanceOf(FeatureTools.InvalidArguments.class).hasMessageContaining("feature_id");
        assertThatThrownBy(() -> call("feature_request_human_input", Map.of("feature_id", 1, "prompt", "", "fields", List.of(field("id", "a", "label", "A")))))
                .isInstanceOf(FeatureTools.InvalidArguments.class).hasMessageContaining("prompt");
        assertThatThrownBy(() -> call("feature_request_human_input", Map.of("feature_id", 1, "prompt", "?", "fields", List.of())))
                .isInstanceOf(FeatureTools.InvalidArguments.class).hasMessageContaining("fields");
        assertThatThrownBy(() -> call("feature_request_human_input", Map.of("feature_id", 1, "prompt", "?", "fields", "text")))
                .isInstanceOf(FeatureTools.InvalidArguments.class).hasMessageContaining("fields");
    }

    @Test
    void aRequestWrittenByTheOriginalIsReadBackAndRewrittenLosslessly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("features.db");
        String original = "{\"prompt\": \"Stripe key \\u2014 live or test?\", \"fields\": [{\"id\": \"key\", \"label\": \"Secret key\", "
                + "\"type\": \"text\", \"required\": true, \"placeholder\": \"sk_\\u2026\", \"width\": 0.5}, {\"id\": \"mode\", \"label\": \"Mode\", "
                + "\"type\": \"select\", \"options\": [{\"value\": \"live\", \"label\": \"Live\", \"danger\": true}, {\"value\": \"test\", \"label\": \"Test\"}]}]}";
        try (Database fileDb = Database.open(file)) {
            FeatureTools fileTools = new FeatureTools(fileDb, Actor.of("agent-1", "mcp"));
            fileTools.call("feature_create", Map.of("category", "c", "name", "Pay", "description", "d", "steps", List.of("s")));
        }
        try (java.sql.Connection python = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.PreparedStatement st = python.prepareStatement("update features set in_progress = 0, needs_human_input = 1, human_input_request = ? where id = 1")) {
            st.setString(1, original);
            st.executeUpdate();
        }
        try (Database fileDb = Database.open(file)) {
            FeatureTools fileTools = new FeatureTools(fileDb, Actor.of("agent-1", "mcp"));
            Map<?, ?> shown = (Map<?, ?>) com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(fileTools.call("feature_get_by_id", Map.of("feature_id", 1)));
            Map<?, ?> request = (Map<?, ?>) shown.get("human_input_request");
            fileDb.features().answerHumanInput(1, Map.of("key", "sk_test", "mode", "test"));
            fileTools.call("feature_claim_and_get", Map.of("feature_id", 1));
            @SuppressWarnings("unchecked")
            Map<String, Object> again = Map.of("feature_id", 1, "prompt", request.get("prompt"), "fields", request.get("fields"));
            assertThat(fileTools.call("feature_request_human_input", again)).startsWith("{\"success\": true");
            assertThat(fileDb.features().getById(1).orElseThrow().humanInputRequest()).isEqualTo(original);
            assertThat(dev.flowdb.HumanInputRequest.parse(original).toJson()).isEqualTo(original);
        }
    }

    // ------------------------------------------------------------------ ask_user (REFERENCE §7.20a)

    static Map<String, Object> question(int options) {
        List<Map<String, Object>> opts = new java.util.ArrayList<>();
        for (int i = 0; i < options; i++) {
            opts.add(field("label", "choice " + i, "description", "what choice " + i + " means"));
        }
        return field("question", "Which stack?", "header", "Stack", "options", opts, "multiSelect", false);
    }

    @Test
    void askUserChecksItsQuestionsAnswersPlainTextAndIsAudited() {
        assertThat(call("ask_user", Map.of("questions", List.of(question(2), field("question", "q", "options", List.of())))))
                .isEqualTo("{\"error\": \"Question at index 1 missing required fields\"}");
        assertThat(call("ask_user", Map.of("questions", List.of(question(2), question(5)))))
                .isEqualTo("{\"error\": \"Question at index 1 must have 2-4 options\"}");
        assertThat(call("ask_user", Map.of("questions", List.of(question(1))))).isEqualTo("{\"error\": \"Question at index 0 must have 2-4 options\"}");
        assertThat(db.events().latest(10)).isEmpty();
        assertThat(call("ask_user", Map.of("questions", List.of(question(2), question(4)))))
                .isEqualTo("Questions presented to the user. Their response will arrive as your next message.");
        List<ChangeEvent> log = db.events().latest(10);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).eventType()).isEqualTo("ask_user");
        assertThat(log.get(0).featureId()).isEqualTo(dev.flowdb.EventLog.BACKLOG);
        assertThat(log.get(0).agent()).isEqualTo("agent-7");
        assertThat(log.get(0).newValue()).startsWith("{\"questions\": [{\"question\": \"Which stack?\", \"header\": \"Stack\"");
        assertThat(db.features().getAll()).isEmpty();
    }

    // ------------------------------------------------------------------ database failures (REFERENCE §7.20c)

    @Test
    void aDatabaseFailureIsPrefixedAsEachOfTheOriginalsToolsPrefixesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("features.db");
        try (Database fileDb = Database.builder(file).busyTimeout(java.time.Duration.ofMillis(100)).open()) {
            FeatureTools t = new FeatureTools(fileDb, Actor.of("agent-1", "mcp"));
            for (String name : List.of("A", "B")) {
                t.call("feature_create", Map.of("category", "c", "name", name, "description", "d", "steps", List.of("s")));
            }
            t.call("feature_add_dependency", Map.of("feature_id", 2, "dependency_id", 1));
            t.call("feature_claim_and_get", Map.of("feature_id", 2));
            Map<String, Map<String, Object>> prefixed = new java.util.LinkedHashMap<>();
            prefixed.put("Failed to mark feature passing", call("feature_mark_passing", 1));
            prefixed.put("Failed to mark feature failing", call("feature_mark_failing", 1));
            prefixed.put("Failed to skip feature", call("feature_skip", 1));
            prefixed.put("Failed to mark feature in-progress", call("feature_mark_in_progress", 1));
            prefixed.put("Failed to claim feature", call("feature_claim_and_get", 1));
            prefixed.put("Failed to clear in-progress status", call("feature_clear_in_progress", 2));
            prefixed.put("Failed to add dependency", Map.of("feature_id", 1, "dependency_id", 2, "tool", "feature_add_dependency"));
            prefixed.put("Failed to remove dependency", Map.of("feature_id", 2, "dependency_id", 1, "tool", "feature_remove_dependency"));
            prefixed.put("Failed to set dependencies", Map.of("feature_id", 2, "dependency_ids", List.of(), "tool", "feature_set_dependencies"));
            prefixed.put("Failed to request human input", Map.of("feature_id", 2, "prompt", "?", "fields", List.of(field("id", "a", "label", "A")),
                    "tool", "feature_request_human_input"));
            String before = t.call("feature_get_graph", Map.of());
            try (java.sql.Connection holder = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.Statement st = holder.createStatement()) {
                st.execute("begin immediate");
                for (Map.Entry<String, Map<String, Object>> e : prefixed.entrySet()) {
                    Map<String, Object> args = new java.util.HashMap<>(e.getValue());
                    String tool = (String) args.remove("tool");
                    assertThat(t.call(tool, args)).as(tool).startsWith("{\"error\": \"" + e.getKey() + ": ").contains("busy timeout");
                }
                st.execute("rollback");
            }
            assertThat(t.call("feature_get_graph", Map.of())).isEqualTo(before);
        }
    }

    private static Map<String, Object> call(String tool, long id) {
        return Map.of("feature_id", id, "tool", tool);
    }

    // ------------------------------------------------------------------ flow-db's additions

    @Test
    void bulkCreateSkipsDuplicatesOnlyWhenAsked() {
        Map<String, Object> a = Map.of("category", "c", "name", "a", "description", "d", "steps", List.of("s"));
        Map<String, Object> b = Map.of("category", "c", "name", "b", "description", "d", "steps", List.of("s"), "depends_on_indices", List.of(0));
        assertThat(call("feature_create_bulk", Map.of("features", List.of(a)))).isEqualTo("{\"created\": 1, \"with_dependencies\": 0}");
        assertThat(call("feature_create_bulk", Map.of("features", List.of(a, b), "skip_duplicates", true)))
                .isEqualTo("{\"created\": 1, \"with_dependencies\": 1, \"skipped_duplicates\": [0]}");
        assertThat(db.features().getById(2).orElseThrow().dependencies()).as("points at the existing 'a'").containsExactly(1L);
        assertThat(call("feature_create_bulk", Map.of("features", List.of(a), "skip_duplicates", false))).isEqualTo("{\"created\": 1, \"with_dependencies\": 0}");
        assertThat(db.features().getAll()).hasSize(3);
        assertThatThrownBy(() -> call("feature_create_bulk", Map.of("features", List.of(a), "skip_duplicates", "yes")))
                .isInstanceOf(FeatureTools.InvalidArguments.class).hasMessageContaining("skip_duplicates");
    }

    @Test
    void renewAndReleaseAgentToolsKeepAndFreeClaims() {
        create("A");
        create("B");
        call("feature_claim_and_get", Map.of("feature_id", 1));
        FeatureTools other = new FeatureTools(db, Actor.of("agent-8", "mcp"));
        other.call("feature_claim_and_get", Map.of("feature_id", 2));
        assertThat(call("feature_renew_claim", Map.of("feature_id", 1))).startsWith("{\"success\": true, \"feature_id\": 1, \"name\": \"A\", "
                + "\"claimed_by\": \"agent-7\", \"lease_renewed_at\": \"");
        assertThat(call("feature_renew_claim", Map.of("feature_id", 2))).isEqualTo(error("Feature with ID 2 is claimed by agent-8, not agent-7"));
        assertThat(call("feature_release_agent", Map.of("agent", "agent-8"))).isEqualTo("{\"released\": [2], \"count\": 1}");
        assertThat(call("feature_renew_claim", Map.of("feature_id", 2))).isEqualTo(error("Feature with ID 2 is not in progress"));
        assertThat(db.events().forFeature(1)).extracting(ChangeEvent::eventType).containsExactly("created", "claimed", "claim_renewed");
        assertThatThrownBy(() -> call("feature_release_agent", Map.of("agent", ""))).isInstanceOf(FeatureTools.InvalidArguments.class);
    }

    @Test
    void everyToolAndArgumentIsDescribedAndTheSchemaCarriesTheBoundsTheCheckEnforces() throws Exception {
        for (FeatureTools.Tool t : tools.tools().values()) {
            assertThat(t.description()).as(t.name()).hasSizeGreaterThan(150).doesNotContain("\n");
            Map<?, ?> schema = (Map<?, ?>) com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(t.inputSchema());
            for (Object arg : ((Map<?, ?>) schema.get("properties")).values()) {
                assertThat((String) ((Map<?, ?>) arg).get("description")).as(t.name()).isNotBlank();
            }
        }
        Map<String, Object> ready = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(tools.tools().get("feature_get_ready").inputSchema());
        @SuppressWarnings("unchecked")
        Map<String, Object> limit = (Map<String, Object>) ((Map<String, Object>) ready.get("properties")).get("limit");
        assertThat(limit).containsEntry("minimum", 1).containsEntry("maximum", 50).containsEntry("default", 10);
        assertThatThrownBy(() -> call("feature_get_ready", Map.of("limit", 51))).hasMessage("limit: must be between 1 and 50");
    }
}
