package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowdb.ChangeEvent;
import dev.flowdb.Feature;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.NewFeature;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original's twelve routes against REFERENCE-REST §3–§4: answers, key order, texts, status codes. */
class FeatureRoutesTest {

    private static final String P = "/api/projects/p1/features";
    private static final List<String> FEATURE_KEYS = List.of("category", "name", "description", "steps", "dependencies", "id",
            "priority", "passes", "in_progress", "blocked", "blocking_dependencies", "needs_human_input",
            "human_input_request", "human_input_response");

    @TempDir
    Path temp;
    ServerFixture s;

    @BeforeEach
    void start() throws Exception {
        s = ServerFixture.start(temp);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private long create(String name, String extra) {
        ServerFixture.Answer a = s.call("POST", P, "{\"category\":\"c\",\"name\":\"" + name + "\",\"description\":\"d\",\"steps\":[\"s\"]" + extra + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().get("id").asLong();
    }

    @Test
    void createAnswersTheFeatureResponseInTheOriginalsKeyOrder() {
        ServerFixture.Answer first = s.call("POST", P, "{\"category\":\"c\",\"name\":\"n\",\"description\":\"d\",\"steps\":[\"a\",\"b\"],\"passes\":true,\"id\":77}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.keys()).containsExactlyElementsOf(FEATURE_KEYS);
        assertThat(first.body()).isEqualTo("{\"category\":\"c\",\"name\":\"n\",\"description\":\"d\",\"steps\":[\"a\",\"b\"],"
                + "\"dependencies\":[],\"id\":1,\"priority\":1,\"passes\":false,\"in_progress\":false,\"blocked\":false,"
                + "\"blocking_dependencies\":[],\"needs_human_input\":false,\"human_input_request\":null,\"human_input_response\":null}");
        long second = create("m", ",\"priority\":\"7\",\"dependencies\":[1]");
        assertThat(s.call("GET", P + "/" + second).json().get("priority").asLong()).isEqualTo(7);
        assertThat(s.call("GET", P + "/" + second).json().get("blocked").asBoolean()).as("get never computes blocked").isFalse();
        assertThat(create("k", "")).isEqualTo(3);
        assertThat(s.call("GET", P + "/3").json().get("priority").asLong()).as("max + 1").isEqualTo(8);
    }

    @Test
    void listGroupsByTheOriginalsPrecedenceAndComputesBlocked() {
        long a = create("a", ",\"priority\":5");
        long b = create("b", ",\"priority\":1,\"dependencies\":[" + a + "]");
        long c = create("c", ",\"priority\":3");
        s.db().features().markPassing(c);
        long d = create("d", ",\"priority\":2");
        s.db().features().claim(d);
        ServerFixture.Answer list = s.call("GET", P);
        assertThat(list.keys()).containsExactly("pending", "in_progress", "done", "needs_human_input");
        JsonNode pending = list.json().get("pending");
        assertThat(pending.findValuesAsText("name")).containsExactly("b", "a");
        assertThat(pending.get(0).get("blocked").asBoolean()).isTrue();
        assertThat(pending.get(0).get("blocking_dependencies").get(0).asLong()).isEqualTo(a);
        assertThat(list.json().get("in_progress").findValuesAsText("name")).containsExactly("d");
        assertThat(list.json().get("done").findValuesAsText("name")).containsExactly("c");
        assertThat(b).isEqualTo(2);
    }

    @Test
    void graphHasNodesInIdOrderWithStatusAndAnEdgePerDependencyEvenAMissingOne() throws Exception {
        long a = create("a", "");
        create("b", ",\"dependencies\":[" + a + "]");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.projectDir.resolve(".autoforge/features.db"));
             Statement st = c.createStatement()) {
            st.execute("UPDATE features SET dependencies = '[1, 99]' WHERE id = 2");   // as the Python tool may leave it
        }
        ServerFixture.Answer graph = s.call("GET", P + "/graph");
        assertThat(graph.keys()).containsExactly("nodes", "edges");
        JsonNode node = graph.json().get("nodes").get(1);
        List<String> keys = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "name", "category", "status", "priority", "dependencies");
        assertThat(node.get("status").asText()).isEqualTo("blocked");
        assertThat(graph.json().get("edges").toString()).isEqualTo("[{\"source\":1,\"target\":2},{\"source\":99,\"target\":2}]");
    }

    @Test
    void validationAnswersThePydanticShapes() {
        assertThat(s.call("POST", P, "{\"name\":\"x\"}").body()).isEqualTo("{\"detail\":["
                + "{\"type\":\"missing\",\"loc\":[\"body\",\"category\"],\"msg\":\"Field required\",\"input\":{\"name\":\"x\"}},"
                + "{\"type\":\"missing\",\"loc\":[\"body\",\"description\"],\"msg\":\"Field required\",\"input\":{\"name\":\"x\"}},"
                + "{\"type\":\"missing\",\"loc\":[\"body\",\"steps\"],\"msg\":\"Field required\",\"input\":{\"name\":\"x\"}}]}");
        assertThat(s.call("POST", P).body())
                .isEqualTo("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}]}");
        assertThat(s.call("POST", P, "{\"category\":1,\"name\":\"n\",\"description\":\"d\",\"steps\":\"x\"}").body()).isEqualTo("{\"detail\":["
                + "{\"type\":\"string_type\",\"loc\":[\"body\",\"category\"],\"msg\":\"Input should be a valid string\",\"input\":1},"
                + "{\"type\":\"list_type\",\"loc\":[\"body\",\"steps\"],\"msg\":\"Input should be a valid list\",\"input\":\"x\"}]}");
        assertThat(s.call("POST", P, "[1,2]").body()).isEqualTo("{\"detail\":[{\"type\":\"model_attributes_type\",\"loc\":[\"body\"],"
                + "\"msg\":\"Input should be a valid dictionary or object to extract fields from\",\"input\":[1,2]}]}");
        ServerFixture.Answer badJson = s.call("POST", P, "{bad");
        assertThat(badJson.status()).isEqualTo(422);
        assertThat(badJson.json().get("detail").get(0).get("type").asText()).isEqualTo("json_invalid");
        assertThat(badJson.json().get("detail").get(0).get("msg").asText()).isEqualTo("JSON decode error");
        assertThat(s.call("POST", P, "{\"a\":1}", "text/plain", b -> b).json().get("detail").get(0).get("type").asText())
                .isEqualTo("model_attributes_type");
        assertThat(s.call("GET", P + "/abc").body()).isEqualTo("{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"path\",\"feature_id\"],"
                + "\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"abc\"}]}");
        assertThat(s.call("GET", P + "/bulk").json().get("detail").get(0).get("input").asText()).isEqualTo("bulk");
        assertThat(s.call("POST", P, "{\"category\":\"c\",\"name\":\"n\",\"description\":\"d\",\"steps\":[],\"priority\":5.5}")
                .json().get("detail").get(0).get("type").asText()).isEqualTo("int_from_float");
        long a = create("a", "");
        assertThat(s.call("GET", P + "/%20" + a).status()).as("' 1' is 1").isEqualTo(200);
        assertThat(s.call("GET", P + "/1.0").status()).isEqualTo(200);
        assertThat(s.call("GET", P + "/-5").detail()).isEqualTo("Feature -5 not found");
        assertThat(s.call("GET", P + "/99999999999999999999999").status()).isEqualTo(422);
        StringBuilder ids = new StringBuilder();
        for (int i = 100; i <= 120; i++) {
            ids.append(i == 100 ? "" : ",").append(i);
        }
        JsonNode tooLong = s.call("PUT", P + "/1/dependencies", "{\"dependency_ids\":[" + ids + "]}").json().get("detail").get(0);
        assertThat(tooLong.get("type").asText()).isEqualTo("too_long");
        assertThat(tooLong.get("msg").asText()).isEqualTo("List should have at most 20 items after validation, not 21");
        assertThat(tooLong.get("ctx").toString()).isEqualTo("{\"field_type\":\"List\",\"max_length\":20,\"actual_length\":21}");
    }

    @Test
    void projectStatsAnswersTheProjectsRoutersShape() {
        assertThat(s.call("GET", "/api/projects/p1/stats").body()).isEqualTo("{\"passing\":0,\"in_progress\":0,\"total\":0,\"percentage\":0.0}");
        create("a", "");
        create("b", "");
        create("c", "");
        s.db().features().markPassing(1);
        assertThat(s.call("GET", "/api/projects/p1/stats").body()).isEqualTo("{\"passing\":1,\"in_progress\":0,\"total\":3,\"percentage\":33.3}");
        assertThat(s.call("GET", "/api/projects/zz/stats").detail()).isEqualTo("Project 'zz' not found");
    }

    @Test
    void projectAndRoutingFailures() {
        assertThat(s.call("GET", "/api/projects/bad.name/features").detail()).isEqualTo(Projects.INVALID_NAME);
        assertThat(s.call("GET", "/api/projects/bad.name/features").status()).isEqualTo(400);
        assertThat(s.call("GET", "/api/projects/other/features").detail()).isEqualTo("Project 'other' not found in registry");
        assertThat(s.call("GET", "/api/projects/P1/features").status()).as("case-sensitive").isEqualTo(404);
        assertThat(s.call("GET", P + "/42").detail()).isEqualTo("Feature 42 not found");
        assertThat(s.call("PUT", P).body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
        assertThat(s.call("POST", P + "/graph").status()).isEqualTo(405);
        assertThat(s.call("GET", "/api/nothing").body()).isEqualTo("{\"detail\":\"Not Found\"}");
        ServerFixture.Answer slash = s.call("GET", P + "/");
        assertThat(slash.status()).isEqualTo(307);
        assertThat(slash.raw().headers().firstValue("location")).hasValue(P);
        assertThat(s.call("GET", "/api/projects/a%2Fb/features").status()).isEqualTo(404);
        // 422 comes before the name check
        assertThat(s.call("GET", "/api/projects/bad.name/features/abc").status()).isEqualTo(422);
    }

    @Test
    void aRegisteredProjectResolvesThroughTheOriginalsRegistryAndListsWithoutCreating() throws Exception {
        s.close();
        Path registry = temp.resolve("registry.db");
        Path other = java.nio.file.Files.createDirectories(temp.resolve("elsewhere"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + registry); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE projects (name VARCHAR(50) PRIMARY KEY, path TEXT, created_at TEXT)");
            st.execute("INSERT INTO projects VALUES ('other', '" + other + "', 'now'), ('gone', '" + temp.resolve("gone") + "', 'now')");
        }
        s = ServerFixture.start(temp.resolve("x"), c -> c.withRegistry(registry));
        assertThat(s.call("GET", "/api/projects/other/features").body())
                .isEqualTo("{\"pending\":[],\"in_progress\":[],\"done\":[],\"needs_human_input\":[]}");
        assertThat(s.call("GET", "/api/projects/other/features/graph").body()).isEqualTo("{\"nodes\":[],\"edges\":[]}");
        assertThat(s.call("GET", "/api/projects/other/features/1").detail()).isEqualTo("No features database found");
        assertThat(other.resolve(".autoforge/features.db")).doesNotExist();
        assertThat(s.call("GET", "/api/projects/gone/features").detail()).isEqualTo("Project directory not found");
        assertThat(s.call("DELETE", "/api/projects/other/features/1").detail()).isEqualTo("Feature 1 not found");
        assertThat(other.resolve(".autoforge/features.db")).as("other routes create it, as the original's").exists();
    }

    @Test
    void patchChangesOnlyWhatItIsGivenAndRefusesDoneFeatures() {
        long a = create("a", "");
        long b = create("b", "");
        ServerFixture.Answer patched = s.call("PATCH", P + "/" + b, "{\"name\":\"B\",\"dependencies\":[" + a + "]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.keys()).containsExactlyElementsOf(FEATURE_KEYS);
        assertThat(patched.json().get("name").asText()).isEqualTo("B");
        assertThat(patched.json().get("blocked").asBoolean()).as("PATCH computes blocked").isTrue();
        assertThat(s.call("PATCH", P + "/" + b, "{\"dependencies\":[]}").json().get("dependencies").toString()).isEqualTo("[]");
        assertThat(s.call("PATCH", P + "/" + b, "{\"dependencies\":[" + b + "]}").detail()).isEqualTo("A feature cannot depend on itself");
        s.db().features().markPassing(a);
        List<Feature> before = s.dump();
        ServerFixture.Answer done = s.call("PATCH", P + "/" + a, "{}");
        assertThat(done.status()).isEqualTo(400);
        assertThat(done.detail()).isEqualTo("Cannot edit a completed feature. Features marked as done are immutable.");
        assertThat(s.dump()).isEqualTo(before);
        assertThat(s.call("PATCH", P + "/9", "{}").detail()).isEqualTo("Feature 9 not found");
    }

    @Test
    void deleteSkipAndTheirMessages() {
        long a = create("a", "");
        create("b", ",\"dependencies\":[" + a + "]");
        create("c", ",\"dependencies\":[" + a + "]");
        ServerFixture.Answer deleted = s.call("DELETE", P + "/" + a);
        assertThat(deleted.body()).isEqualTo("{\"success\":true,\"message\":\"Feature 1 deleted. Removed from dependencies of features: [2, 3]\","
                + "\"affected_features\":[2,3]}");
        assertThat(s.call("DELETE", P + "/2").body()).isEqualTo("{\"success\":true,\"message\":\"Feature 2 deleted\",\"affected_features\":[]}");
        long d = create("d", "");
        assertThat(s.call("PATCH", P + "/3/skip").body()).isEqualTo("{\"success\":true,\"message\":\"Feature 3 moved to end of queue\"}");
        assertThat(s.db().features().getById(3).orElseThrow().priority()).isGreaterThan(s.db().features().getById(d).orElseThrow().priority());
        assertThat(s.call("PATCH", P + "/44/skip").detail()).isEqualTo("Feature 44 not found");
    }

    @Test
    void bulkNumbersFromStartingPriorityAndIgnoresItemPriorities() {
        assertThat(s.call("POST", P + "/bulk", "{\"features\":[],\"starting_priority\":0}").body()).isEqualTo("{\"created\":0,\"features\":[]}");
        String item = "{\"category\":\"c\",\"name\":\"%s\",\"description\":\"d\",\"steps\":[\"s\"],\"priority\":99}";
        String two = String.format(item, "x") + "," + String.format(item, "y");
        assertThat(s.call("POST", P + "/bulk", "{\"features\":[" + two + "],\"starting_priority\":0}").detail())
                .isEqualTo("starting_priority must be >= 1");
        ServerFixture.Answer bulk = s.call("POST", P + "/bulk", "{\"features\":[" + two + "],\"starting_priority\":10}");
        assertThat(bulk.keys()).containsExactly("created", "features");
        assertThat(bulk.json().get("features").findValuesAsText("priority")).containsExactly("10", "11");
        ServerFixture.Answer more = s.call("POST", P + "/bulk", "{\"features\":[" + two + "]}");
        assertThat(more.json().get("features").findValuesAsText("priority")).containsExactly("12", "13");
        assertThat(s.call("POST", P + "/bulk", "{\"features\":[{\"name\":1}]}").json().get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"body\",\"features\",0,\"category\"]");
    }

    @Test
    void resolveHumanInputChecksRequiredFieldsAndStoresTheAnswer() {
        long a = create("a", "");
        assertThat(s.call("POST", P + "/" + a + "/resolve-human-input", "{\"fields\":{}}").detail())
                .isEqualTo("Feature is not waiting for human input");
        s.db().features().claim(a);
        s.db().features().requestHumanInput(a, HumanInputRequest.of("Which?", List.of(
                java.util.Map.of("id", "db", "label", "Database", "type", "text"),
                java.util.Map.of("id", "ok", "label", "OK", "type", "boolean", "required", true))));
        List<Feature> before = s.dump();
        assertThat(s.call("POST", P + "/" + a + "/resolve-human-input", "{\"fields\":{\"db\":\"\",\"ok\":false}}").detail())
                .isEqualTo("Required field 'Database' is missing");
        JsonNode union = s.call("POST", P + "/" + a + "/resolve-human-input", "{\"fields\":{\"db\":5}}").json().get("detail");
        assertThat(union.findValuesAsText("type")).containsExactly("string_type", "bool_parsing", "list_type");
        assertThat(union.get(2).get("loc").toString()).isEqualTo("[\"body\",\"fields\",\"db\",\"list[str]\"]");
        assertThat(s.dump()).isEqualTo(before);
        ServerFixture.Answer answered = s.call("POST", P + "/" + a + "/resolve-human-input", "{\"fields\":{\"db\":\"pg\",\"ok\":1,\"extra\":[\"x\"]}}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().get("needs_human_input").asBoolean()).isFalse();
        JsonNode response = answered.json().get("human_input_response");
        assertThat(response.get("fields").toString()).isEqualTo("{\"db\":\"pg\",\"ok\":true,\"extra\":[\"x\"]}");
        assertThat(response.get("responded_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
    }

    @Test
    void dependencyRoutesSaveWhatTheyAnswer() {
        long one = create("one", "");
        long two = create("two", "");
        long three = create("three", "");
        long f = create("f", "");
        assertThat(s.call("POST", P + "/" + f + "/dependencies/" + one).body())
                .isEqualTo("{\"success\":true,\"feature_id\":4,\"dependencies\":[1]}");
        // the original answered [1] and saved nothing here (adding an id above all current ones)
        assertThat(s.call("POST", P + "/" + f + "/dependencies/" + three).json().get("dependencies").toString()).isEqualTo("[1,3]");
        assertThat(s.db().features().getById(f).orElseThrow().dependencies()).containsExactly(1L, 3L);
        assertThat(s.call("POST", P + "/" + f + "/dependencies/" + two).json().get("dependencies").toString()).isEqualTo("[1,2,3]");
        // the original answered [1,2,3] and saved nothing here (a non-empty remainder)
        assertThat(s.call("DELETE", P + "/" + f + "/dependencies/" + three).json().get("dependencies").toString()).isEqualTo("[1,2]");
        assertThat(s.db().features().getById(f).orElseThrow().dependencies()).containsExactly(1L, 2L);
        assertThat(s.call("DELETE", P + "/" + f + "/dependencies/" + three).detail()).isEqualTo("Dependency does not exist");
        assertThat(s.call("POST", "/api/projects/nowhere/features/5/dependencies/5").detail())
                .as("self comes before the registry").isEqualTo("A feature cannot depend on itself");
        assertThat(s.call("POST", P + "/" + f + "/dependencies/77").detail()).isEqualTo("Dependency 77 not found");
        assertThat(s.call("POST", P + "/88/dependencies/77").detail()).isEqualTo("Feature 88 not found");
        assertThat(s.call("POST", P + "/" + f + "/dependencies/" + one).detail()).isEqualTo("Dependency already exists");
        assertThat(s.call("POST", P + "/" + one + "/dependencies/" + f).detail()).isEqualTo("Would create circular dependency");
        assertThat(s.call("PUT", P + "/" + f + "/dependencies", "{\"dependency_ids\":[3,1]}").body())
                .isEqualTo("{\"success\":true,\"feature_id\":4,\"dependencies\":[1,3]}");
        assertThat(s.call("PUT", P + "/" + f + "/dependencies", "{\"dependency_ids\":[1,1]}").detail()).isEqualTo("Duplicate dependencies not allowed");
        assertThat(s.call("PUT", P + "/" + f + "/dependencies", "{\"dependency_ids\":[99,98]}").detail()).isEqualTo("Dependencies not found: [99, 98]");
        assertThat(s.call("PUT", P + "/" + one + "/dependencies", "{\"dependency_ids\":[" + f + "]}").detail())
                .isEqualTo("Cannot add dependency 4: would create circular dependency");
        assertThat(s.call("PUT", P + "/" + f + "/dependencies", "{\"dependency_ids\":[]}").json().get("dependencies").toString()).isEqualTo("[]");
    }

    @Test
    void everyWriteIsAuditedAsHttpWithTheNamedActor() {
        s.call("POST", P, "{\"category\":\"c\",\"name\":\"n\",\"description\":\"d\",\"steps\":[\"s\"]}", "application/json",
                b -> b.header(Guard.ACTOR_HEADER, "alice"));
        s.call("PATCH", P + "/1/skip");
        List<ChangeEvent> events = s.db().events().forFeature(1);
        assertThat(events).extracting(ChangeEvent::source).containsOnly("http");
        assertThat(events.get(0).agent()).isEqualTo("alice");
        assertThat(events.get(events.size() - 1).agent()).isEqualTo("web");
    }

    @Test
    void theDependencyChecksStandWhereTheOriginalStoredAnythingButTextsAndStepsAreTheOriginalsRules() {
        List<Feature> before = s.dump();
        ServerFixture.Answer unknownDependency = s.call("POST", P,
                "{\"category\":\"c\",\"name\":\"n\",\"description\":\"d\",\"steps\":[\"s\"],\"dependencies\":[5,5,1]}");
        assertThat(unknownDependency.status()).isEqualTo(400);
        assertThat(s.dump()).isEqualTo(before);
        s.db().features().create(new NewFeature("c", "n", "d", List.of("s")));
        List<Feature> one = s.dump();
        ServerFixture.Answer self = s.call("PATCH", P + "/1", "{\"dependencies\":[1]}");
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.detail()).isEqualTo("A feature cannot depend on itself");
        assertThat(s.call("PATCH", P + "/1", "{\"name\":\"" + "x".repeat(256) + "\"}").status()).as("the columns' length limit").isEqualTo(400);
        assertThat(s.dump()).isEqualTo(one);
        // the original's REST accepts empty texts and no steps (its web UI's add form sends them)
        assertThat(s.call("POST", P, "{\"category\":\"\",\"name\":\"\",\"description\":\"\",\"steps\":[]}").status()).isEqualTo(200);
        assertThat(s.call("PATCH", P + "/1", "{\"description\":\"\",\"steps\":[]}").json().path("steps").size()).isZero();
        ServerFixture.Answer bulk = s.call("POST", P + "/bulk", "{\"features\":[{\"category\":\"c\",\"name\":\"b\",\"description\":\"\",\"steps\":[]}]}");
        assertThat(bulk.json().path("created").asInt()).isEqualTo(1);
    }
}
