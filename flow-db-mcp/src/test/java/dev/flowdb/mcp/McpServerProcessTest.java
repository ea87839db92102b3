package dev.flowdb.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.ChangeEvent;
import dev.flowdb.Database;
import dev.flowdb.NewFeature;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a real process, driven over stdio by the MCP SDK's own client. */
class McpServerProcessTest {

    /** What the server processes wrote to standard error, shown when a test fails. */
    static final List<String> STDERR = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    static McpSyncClient client(Path db, String agent) {
        ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("--enable-native-access=ALL-UNNAMED", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                        "-cp", System.getProperty("java.class.path"), FlowDbMcpServer.class.getName(), "--db", db.toString(), "--agent", agent)
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, FlowDbMcpServer.mapper());
        transport.setStdErrorHandler(line -> STDERR.add(agent + ": " + line));
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @Test
    void anAgentListsAndCallsTheToolsOverStdioAndEveryCallIsAudited() {
        Path db = dir.resolve("features.db");
        try (McpSyncClient client = client(db, "coder-9")) {
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(names).contains("feature_get_stats", "feature_get_by_id", "feature_get_summary", "feature_create", "feature_create_bulk",
                    "feature_claim_and_get", "feature_mark_in_progress", "feature_clear_in_progress", "feature_mark_passing",
                    "feature_mark_failing", "feature_skip", "feature_add_dependency", "feature_remove_dependency", "feature_set_dependencies",
                    "feature_get_ready", "feature_get_blocked", "feature_get_graph", "feature_request_human_input", "feature_claim_next",
                    "feature_get_events", "feature_release_stale").hasSize(21);
            assertThat(text(call(client, "feature_create", Map.of("category", "auth", "name", "Login", "description", "d", "steps", List.of("s")))))
                    .startsWith("{\"success\": true, \"message\": \"Created feature: Login\"");
            assertThat(text(call(client, "feature_claim_next", Map.of()))).contains("\"id\": 1", "\"in_progress\": true");
            assertThat(text(call(client, "feature_mark_passing", Map.of("feature_id", 1)))).isEqualTo("{\"success\": true, \"feature_id\": 1, \"name\": \"Login\"}");
            assertThat(text(call(client, "feature_get_stats", Map.of())))
                    .isEqualTo("{\"passing\": 1, \"in_progress\": 0, \"needs_human_input\": 0, \"total\": 1, \"percentage\": 100.0}");
            McpSchema.CallToolResult invalid = call(client, "feature_get_by_id", Map.of("feature_id", -3));
            assertThat(invalid.isError()).isTrue();
            assertThat(text(invalid)).contains("feature_id");
            assertThat(text(call(client, "feature_get_by_id", Map.of("feature_id", 5)))).isEqualTo("{\"error\": \"Feature with ID 5 not found\"}");
            // the server is still serving after bad calls
            assertThat(text(call(client, "feature_get_summary", Map.of("feature_id", 1)))).contains("\"passes\": true");
        }
        try (Database database = Database.open(db)) {
            List<ChangeEvent> events = database.events().forFeature(1);
            assertThat(events).extracting(ChangeEvent::eventType).containsExactly("created", "claimed", "status_change");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.source()).isEqualTo("mcp");
                assertThat(e.agent()).isEqualTo("coder-9");
            });
        }
    }

    @Test
    void theServerWritesOnlyProtocolToStandardOutputAndExitsWhenItsClientCloses() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FlowDbMcpServer.class.getName(), "--db", dir.resolve("f.db").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            stdin.flush();
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8)).readLine();
            assertThat(first).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":");
        }
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("exits once stdin closes").isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void severalServerProcessesClaimingFromOneFileNeverGetTheSameFeature() throws Exception {
        Path db = dir.resolve("features.db");
        int features = 60;
        try (Database database = Database.open(db)) {
            database.features().createBulk(Collections.nCopies(features, new NewFeature("c", "f", "d", List.of("s"))));
        }
        int servers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        List<Future<List<Long>>> results = new ArrayList<>();
        Pattern id = Pattern.compile("^\\{\"id\": (\\d+),");
        for (int s = 0; s < servers; s++) {
            String agent = "agent-" + s;
            results.add(pool.submit(() -> {
                List<Long> won = new ArrayList<>();
                try (McpSyncClient client = client(db, agent)) {
                    while (true) {
                        String answer = text(call(client, "feature_claim_next", Map.of()));
                        Matcher m = id.matcher(answer);
                        if (!m.find()) {
                            assertThat(answer).contains("\"error\"");
                            return won;
                        }
                        won.add(Long.parseLong(m.group(1)));
                    }
                }
            }));
        }
        List<Long> all = new ArrayList<>();
        try {
            for (Future<List<Long>> r : results) {
                all.addAll(r.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a server did not answer; its standard error:\n" + String.join("\n", STDERR), e);
        }
        pool.shutdown();
        assertThat(all).hasSize(features).doesNotHaveDuplicates();
        try (Database database = Database.open(db)) {
            assertThat(database.features().stats().inProgress()).isEqualTo(features);
        }
    }
}
