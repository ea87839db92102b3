package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowdb.Actor;
import dev.flowdb.ClaimResult;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.NewFeature;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original web UI's calls, one by one, in the order it makes them (REFERENCE-REST §9): page
 * load, picking the project, the board's polls, the add form, the card dialog (edit, skip, human
 * input), the graph view, delete; then the original REST router's texts a UI-driven session can
 * meet on the dependency routes.
 */
class OriginalUiCallsTest {

    private static final String P = "/api/projects/p1/features";
    private static final String SPEC = "<project_specification>\n  <project_name>p1</project_name>\n</project_specification>\n";

    @TempDir
    Path temp;

    /** The original's registry: p1 (the served project, with settings of its own), a second project, a gone one. */
    private Path registry(Path other) throws Exception {
        Path file = temp.resolve("registry.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE projects (name VARCHAR(50) PRIMARY KEY, path VARCHAR NOT NULL, created_at DATETIME, "
                    + "default_concurrency INTEGER DEFAULT 3, auto_improve_enabled BOOLEAN DEFAULT 0, auto_improve_interval_minutes INTEGER DEFAULT 10)");
            s.execute("INSERT INTO projects VALUES ('other', '" + other + "', '2026-01-01', 2, 1, 30)");
            s.execute("INSERT INTO projects VALUES ('gone', '" + temp.resolve("gone") + "', '2026-01-01', 3, 0, 10)");
            s.execute("INSERT INTO projects VALUES ('p1', '" + temp.resolve("p1") + "', '2026-01-01', 5, 0, 10)");
        }
        return file;
    }

    @Test
    void theUiCallsAreAnsweredAsTheOriginalAnswersThem() throws Exception {
        Path other = Files.createDirectories(temp.resolve("other"));
        Files.writeString(other.resolve("app_spec.txt"), SPEC);   // the legacy place of the spec
        Path registry = registry(other);
        Files.createDirectories(temp.resolve("p1/.autoforge/prompts"));
        Files.writeString(temp.resolve("p1/.autoforge/prompts/app_spec.txt"), SPEC);
        try (ServerFixture s = ServerFixture.start(temp, c -> c.withRegistry(registry))) {
            // page load: the project selector
            ServerFixture.Answer list = s.call("GET", "/api/projects");
            assertThat(list.status()).isEqualTo(200);
            JsonNode projects = list.json();
            assertThat(projects).hasSize(2);
            assertThat(keys(projects.get(0))).containsExactly("name", "path", "has_spec", "stats", "default_concurrency",
                    "auto_improve_enabled", "auto_improve_interval_minutes");
            assertThat(projects.get(0).toString()).isEqualTo("{\"name\":\"p1\",\"path\":\"" + temp.resolve("p1").toAbsolutePath()
                    + "\",\"has_spec\":true,\"stats\":{\"passing\":0,\"in_progress\":0,\"total\":0,\"percentage\":0.0},"
                    + "\"default_concurrency\":5,\"auto_improve_enabled\":false,\"auto_improve_interval_minutes\":10}");
            assertThat(projects.get(1).path("name").asText()).isEqualTo("other");
            assertThat(projects.get(1).path("has_spec").asBoolean()).as("legacy app_spec.txt").isTrue();
            assertThat(projects.get(1).path("default_concurrency").asInt()).isEqualTo(2);
            assertThat(projects.get(1).path("auto_improve_enabled").asBoolean()).isTrue();
            assertThat(projects.get(1).path("auto_improve_interval_minutes").asInt()).isEqualTo(30);
            assertThat(Files.exists(other.resolve(".autoforge/features.db"))).as("listing creates no backlog").isFalse();
            assertThat(s.call("GET", "/api/settings").status()).as("the original's settings are not served").isEqualTo(404);

            // the project is picked
            ServerFixture.Answer detail = s.call("GET", "/api/projects/p1");
            assertThat(detail.status()).isEqualTo(200);
            assertThat(detail.keys()).containsExactly("name", "path", "has_spec", "stats", "prompts_dir", "default_concurrency",
                    "auto_improve_enabled", "auto_improve_interval_minutes");
            assertThat(detail.json().path("prompts_dir").asText()).isEqualTo(temp.resolve("p1/.autoforge/prompts").toString());
            assertThat(s.call("GET", "/api/projects/nope").detail()).isEqualTo("Project 'nope' not found in registry");
            assertThat(s.call("GET", "/api/projects/gone").detail()).isEqualTo("Project directory no longer exists: " + temp.resolve("gone"));
            assertThat(s.call("GET", "/api/projects/p1/agent/status").body()).isEqualTo("{\"status\":\"stopped\",\"pid\":null,"
                    + "\"started_at\":null,\"yolo_mode\":false,\"model\":null,\"parallel_mode\":false,\"max_concurrency\":null,\"testing_agent_ratio\":1}");
            assertThat(s.call("GET", "/api/projects/p1/schedules").body()).isEqualTo("{\"schedules\":[]}");
            assertThat(s.call("GET", "/api/projects/p1/schedules/next").body()).isEqualTo("{\"has_schedules\":false,\"next_start\":null,"
                    + "\"next_end\":null,\"is_currently_running\":false,\"active_schedule_count\":0}");
            assertThat(s.call("GET", "/api/projects/p1/agent/start").status()).as("agent control is not served").isEqualTo(404);

            // the board: its columns and the progress websocket
            assertThat(s.call("GET", P).body()).isEqualTo("{\"pending\":[],\"in_progress\":[],\"done\":[],\"needs_human_input\":[]}");
            assertThat(progressAtConnect(s)).containsExactly("agent_status", "dev_server_status", "progress");

            // the add form: steps are optional (sent as []), the description may be left empty
            ServerFixture.Answer added = s.call("POST", P, "{\"category\":\"ui\",\"name\":\"Dark mode\",\"description\":\"\",\"steps\":[]}");
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            assertThat(added.json().path("steps").size()).isZero();
            assertThat(added.json().path("description").asText()).isEmpty();
            assertThat(s.call("POST", P, "{\"category\":\"ui\",\"name\":\"Logo\",\"description\":\"svg\",\"steps\":[\"look\"],\"priority\":7}")
                    .json().path("priority").asLong()).isEqualTo(7);
            Feature stored = s.db().features().getById(1).orElseThrow();
            assertThat(stored.steps()).isEmpty();
            assertThat(stored.description()).isEmpty();
            assertThat(s.db().events().forFeature(1).get(0).source()).isEqualTo("http");

            // the card dialog: edit sends every field (priority null when the box is empty)
            ServerFixture.Answer edited = s.call("PATCH", P + "/1",
                    "{\"category\":\"ui\",\"name\":\"Dark theme\",\"description\":\"\",\"steps\":[],\"priority\":null}");
            assertThat(edited.status()).as(edited.body()).isEqualTo(200);
            assertThat(edited.json().path("name").asText()).isEqualTo("Dark theme");

            // skip: a passing feature moves too, and a claimed one stays claimed
            FeatureStore agent = s.db().features(Actor.of("coder-1", "mcp"));
            agent.markPassing(2);
            assertThat(s.call("PATCH", P + "/2/skip").body()).isEqualTo("{\"success\":true,\"message\":\"Feature 2 moved to end of queue\"}");
            Feature skipped = s.db().features().getById(2).orElseThrow();
            assertThat(skipped.passes()).isTrue();
            assertThat(skipped.priority()).isEqualTo(8);
            assertThat(agent.claim(1)).isInstanceOf(ClaimResult.Claimed.class);
            s.call("PATCH", P + "/1/skip");
            Feature claimed = s.db().features().getById(1).orElseThrow();
            assertThat(claimed.inProgress()).isTrue();
            assertThat(claimed.claimedBy()).isEqualTo("coder-1");
            assertThat(claimed.priority()).isEqualTo(9);

            // human input: the agent asks, the form answers
            agent.requestHumanInput(1, HumanInputRequest.parse("{\"prompt\":\"Which palette?\",\"fields\":[{\"id\":\"palette\","
                    + "\"label\":\"Palette\",\"type\":\"select\",\"options\":[{\"value\":\"a\",\"label\":\"A\"}]},"
                    + "{\"id\":\"note\",\"label\":\"Note\",\"type\":\"text\",\"required\":false}]}"));
            JsonNode waiting = s.call("GET", P).json().path("needs_human_input");
            assertThat(waiting).hasSize(1);
            assertThat(waiting.get(0).path("human_input_request").path("fields").get(0).path("options").get(0).path("value").asText()).isEqualTo("a");
            assertThat(s.call("POST", P + "/1/resolve-human-input", "{\"fields\":{\"palette\":\"\",\"note\":\"\"}}").detail())
                    .isEqualTo("Required field 'Palette' is missing");
            ServerFixture.Answer resolved = s.call("POST", P + "/1/resolve-human-input", "{\"fields\":{\"palette\":\"a\",\"note\":\"\"}}");
            assertThat(resolved.status()).isEqualTo(200);
            assertThat(resolved.json().path("needs_human_input").asBoolean()).isFalse();

            // the graph view, then delete
            JsonNode graph = s.call("GET", P + "/graph").json();
            assertThat(graph.path("nodes")).hasSize(2);
            assertThat(keys(graph.path("nodes").get(0))).containsExactly("id", "name", "category", "status", "priority", "dependencies");
            assertThat(s.call("DELETE", P + "/1").body()).isEqualTo("{\"success\":true,\"message\":\"Feature 1 deleted\",\"affected_features\":[]}");

            // the selector's counts follow the backlog
            JsonNode after = s.call("GET", "/api/projects").json().get(0).path("stats");
            assertThat(after.toString()).isEqualTo("{\"passing\":1,\"in_progress\":0,\"total\":1,\"percentage\":100.0}");
        }
    }

    @Test
    void theDependencyRoutesAnswerWithTheOriginalsTexts() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            FeatureStore features = s.db().features();
            List<NewFeature> many = new ArrayList<>();
            IntStream.rangeClosed(1, 80).forEach(i -> many.add(new NewFeature("c", "f" + i, "d", List.of("s"))));
            features.createBulk(many);
            for (long id = 2; id <= 21; id++) {
                features.addDependency(1, id);
            }
            List<Feature> before = s.dump();
            assertThat(s.call("POST", P + "/1/dependencies/22").detail()).isEqualTo("Maximum 20 dependencies allowed");
            assertThat(s.call("POST", P + "/1/dependencies/2").detail()).as("the count is checked first").isEqualTo("Maximum 20 dependencies allowed");
            assertThat(s.call("POST", P + "/22/dependencies/1").status()).isEqualTo(200);
            assertThat(s.call("POST", P + "/22/dependencies/1").detail()).isEqualTo("Dependency already exists");
            assertThat(s.call("POST", P + "/2/dependencies/22").detail()).isEqualTo("Would create circular dependency");
            // 80 -> 79 -> … -> 23 is a chain 57 deep and no cycle; deeper than 50 is what the original takes for one
            for (long id = 24; id <= 80; id++) {
                features.addDependency(id, id - 1);
            }
            assertThat(s.call("POST", P + "/2/dependencies/80").detail()).isEqualTo("Would create circular dependency");
            assertThat(s.call("POST", P + "/2/dependencies/70").status()).as("47 deep").isEqualTo(200);
            assertThat(s.call("DELETE", P + "/23/dependencies/5").detail()).isEqualTo("Dependency does not exist");
            assertThat(s.call("PUT", P + "/23/dependencies", "{\"dependency_ids\":[98,2,99]}").detail()).isEqualTo("Dependencies not found: [98, 99]");
            assertThat(s.dump()).as("nothing changed by the refusals").hasSize(before.size());
            assertThat(s.db().features().getById(23).orElseThrow().dependencies()).isEmpty();
        }
    }

    /** The first three messages of a fresh progress websocket, by type. */
    private static List<String> progressAtConnect(ServerFixture s) throws Exception {
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket socket = s.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + s.server.port() + "/ws/projects/p1"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("message %d at connect", i + 1).isNotNull();
            types.add(RequestCheck.JSON.readTree(message).path("type").asText());
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        return types;
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
