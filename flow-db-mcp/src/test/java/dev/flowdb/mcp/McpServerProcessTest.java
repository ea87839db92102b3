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
import org.junit.jupiter.api.Tag;

/** The server as a real process, driven over stdio by the MCP SDK's own client. */
class McpServerProcessTest {

    /** What the server processes wrote to standard error, shown when a test fails. */
    static final List<String> STDERR = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    static McpSyncClient client(Path db, String agent, String... options) {
        return client(db.toString(), agent, options);
    }

    /** A server process on {@code db}: a path, or a PostgreSQL URL. */
    static McpSyncClient client(String db, String agent, String... options) {
        List<String> args = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                "-cp", System.getProperty("java.class.path"), FlowDbMcpServer.class.getName(), "--db", db, "--agent", agent));
        args.addAll(List.of(options));
        ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args(args.toArray(String[]::new))
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

    /** Every tool the server offers: the original's names, then flow-db's own. */
    static final List<String> TOOL_NAMES = List.of("feature_get_stats", "feature_get_by_id", "feature_get_summary", "feature_create",
            "feature_create_bulk", "feature_claim_and_get", "feature_mark_in_progress", "feature_clear_in_progress", "feature_mark_passing",
            "feature_mark_failing", "feature_skip", "feature_add_dependency", "feature_remove_dependency", "feature_set_dependencies",
            "feature_get_ready", "feature_get_blocked", "feature_get_graph", "feature_request_human_input", "ask_user",
            "feature_claim_next", "feature_get_events", "feature_release_stale", "feature_renew_claim", "feature_release_agent");

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @Test
    void anAgentListsAndCallsTheToolsOverStdioAndEveryCallIsAudited() {
        Path db = dir.resolve("features.db");
        try (McpSyncClient client = client(db, "coder-9")) {
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(TOOL_NAMES);
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
    @Tag("postgres")
    void twoServerProcessesOnOnePostgresBacklogShareItAndAuditEveryCall() {
        String jdbc = dev.flowdb.PostgresServer.get().freshUrl();
        String url = jdbc.replace("jdbc:postgresql://", "postgresql://postgres@").replace("?user=postgres", "");
        try (Database database = Database.open(jdbc)) {
            database.features().createBulk(Collections.nCopies(4, new NewFeature("c", "f", "d", List.of("s"))));
        }
        try (McpSyncClient a = client(url, "host-a"); McpSyncClient b = client(url, "host-b")) {
            String first = text(call(a, "feature_claim_next", Map.of()));
            String second = text(call(b, "feature_claim_next", Map.of()));
            assertThat(first).contains("\"id\": 1", "\"in_progress\": true");
            assertThat(second).as("the other host's claim is seen: the next feature").contains("\"id\": 2");
            assertThat(text(call(a, "feature_mark_passing", Map.of("feature_id", 1)))).isEqualTo("{\"success\": true, \"feature_id\": 1, \"name\": \"f\"}");
            assertThat(text(call(b, "feature_get_stats", Map.of())))
                    .isEqualTo("{\"passing\": 1, \"in_progress\": 1, \"needs_human_input\": 0, \"total\": 4, \"percentage\": 25.0}");
            assertThat(text(call(b, "feature_get_by_id", Map.of("feature_id", 9)))).isEqualTo("{\"error\": \"Feature with ID 9 not found\"}");
        }
        try (Database database = Database.open(jdbc)) {
            assertThat(database.events().forFeature(1)).extracting(ChangeEvent::eventType, ChangeEvent::agent, ChangeEvent::source)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("created", "flow-db", "api"),
                            org.assertj.core.groups.Tuple.tuple("claimed", "host-a", "mcp"),
                            org.assertj.core.groups.Tuple.tuple("status_change", "host-a", "mcp"));
            assertThat(database.events().forFeature(2)).extracting(ChangeEvent::agent).containsExactly("flow-db", "host-b");
        }
    }

    @Test
    void theServerWritesOnlyProtocolToStandardOutputAndExitsWhenItsClientCloses() throws Exception {
        Process p = serverProcess(dir.resolve("f.db"));
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

    /** The server in a child JVM on {@code db}, talked to over its standard input and output. */
    private static Process serverProcess(Path db) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FlowDbMcpServer.class.getName(), "--db", db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void aLineThatIsNotJsonRpcGetsAParseErrorAndTheServerGoesOn() throws Exception {
        Process p = serverProcess(dir.resolve("f.db"));
        try (var stdin = p.getOutputStream()) {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            stdin.write(("not json\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            stdin.flush();
            assertThat(out.readLine()).contains("\"error\"").contains("-32700");
            assertThat(out.readLine()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":");
            assertThat(out.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}");
        }
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("exits once stdin closes").isTrue();
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

    @Test
    void eachRoleListsOnlyItsToolsAndEveryToolStaysCallable() throws Exception {
        Path db = dir.resolve("features.db");
        Map<String, Integer> bytes = new java.util.LinkedHashMap<>();
        for (Role role : Role.values()) {
            String name = role.name().toLowerCase(java.util.Locale.ROOT);
            try (McpSyncClient client = client(db, "agent-" + name, "--role", name)) {
                McpSchema.ListToolsResult listed = client.listTools();
                List<String> names = listed.tools().stream().map(McpSchema.Tool::name).toList();
                if (role == Role.ALL) {
                    assertThat(names).containsExactlyInAnyOrderElementsOf(TOOL_NAMES);
                } else {
                    assertThat(names).containsExactlyInAnyOrderElementsOf(role.tools());
                }
                bytes.put(name, FlowDbMcpServer.mapper().writeValueAsString(listed).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                if (role == Role.TESTING) {
                    assertThat(names).doesNotContain("feature_create");
                    assertThat(text(call(client, "feature_create", Map.of("category", "c", "name", "hidden but callable", "description", "d",
                            "steps", List.of("s"))))).startsWith("{\"success\": true");
                }
            }
        }
        // the figures the README quotes: bytes of the tools/list result and about a quarter as many tokens
        java.nio.file.Files.createDirectories(Path.of("target"));
        StringBuilder report = new StringBuilder("role\tbytes\ttokens (bytes/4)\n");
        bytes.forEach((role, n) -> report.append(role).append('\t').append(n).append('\t').append(n / 4).append('\n'));
        java.nio.file.Files.writeString(Path.of("target", "tools-list-sizes.tsv"), report);
        assertThat(bytes.get("coding")).isLessThan(bytes.get("all"));
        try (Database database = Database.open(db)) {
            assertThat(database.features().getAll()).extracting(dev.flowdb.Feature::name).containsExactly("hidden but callable");
        }
    }

    @Test
    void theServerRenewsItsAgentsClaimsWhileConnectedAndStopsWhenItsClientLeaves() throws Exception {
        Path db = dir.resolve("features.db");
        try (Database database = Database.open(db)) {
            database.features().createBulk(List.of(new NewFeature("c", "long job", "d", List.of("s")), new NewFeature("c", "other", "d", List.of("s"))));
            database.features(dev.flowdb.Actor.of("someone-else", "cli")).claim(2);
        }
        try (McpSyncClient client = client(db, "coder-lease", "--lease", "3s", "--lease-renew-every", "150ms")) {
            assertThat(text(call(client, "feature_claim_and_get", Map.of("feature_id", 1)))).contains("\"already_claimed\": false");
            assertThat(waitFor(db, 3)).as("renewals while connected").isGreaterThanOrEqualTo(3);
        }
        // the renewer runs in the server process: waiting for that process to end is waiting for the
        // renewals to stop (it ends within 30 s of its client closing stdin, or this fails)
        long exited = awaitExit(db);
        try (Database database = Database.open(db)) {
            assertThat(database.events().forFeature(1)).filteredOn(e -> e.eventType().equals("claim_renewed"))
                    .as("every renewal was written before the server ended")
                    .allSatisfy(e -> assertThat(e.createdAt().toEpochMilli()).isLessThanOrEqualTo(exited));
            dev.flowdb.Feature kept = database.features().getById(1).orElseThrow();
            assertThat(kept.claimedBy()).isEqualTo("coder-lease");
            assertThat(kept.claimRenewedAt()).isAfter(kept.claimedAt());
            assertThat(database.features().getById(2).orElseThrow().claimRenewedAt()).as("only its own agent's claims").isNull();
            assertThat(database.events().forFeature(1)).filteredOn(e -> e.eventType().equals("claim_renewed"))
                    .allSatisfy(e -> assertThat(e.agent()).isEqualTo("coder-lease"));
        }
    }

    private static long renewals(Path db) {
        try (Database database = Database.open(db)) {
            return database.events().forFeature(1).stream().filter(e -> e.eventType().equals("claim_renewed")).count();
        }
    }

    /** Polls the file (another process writes it) until {@code n} renewals are logged, for at most 30 s. */
    private static long waitFor(Path db, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long seen = renewals(db);
        while (seen < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = renewals(db);
        }
        return seen;
    }

    /** Waits until no server process serves {@code db} any more; {@return the wall-clock milliseconds when the last one had ended} */
    private static long awaitExit(Path db) throws Exception {
        for (ProcessHandle p : ProcessHandle.current().children().toList()) {
            if (arguments(p).contains(db.toString())) {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(ProcessHandle.current().children().filter(p -> p.isAlive() && arguments(p).contains(db.toString()))).isEmpty();
        return System.currentTimeMillis();
    }

    /**
     * A process's arguments: from {@code /proc} where there is one, since
     * {@code ProcessHandle.Info.arguments()} comes back empty for a command line over 4 KiB (this
     * module's test class path is longer), which made the wait above wait for nothing.
     */
    private static List<String> arguments(ProcessHandle p) {
        Path cmdline = Path.of("/proc", String.valueOf(p.pid()), "cmdline");
        try {
            return List.of(new String(java.nio.file.Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8).split("\0"));
        } catch (java.io.IOException noProc) {
            return p.info().arguments().map(List::of).orElse(List.of());
        }
    }
}
