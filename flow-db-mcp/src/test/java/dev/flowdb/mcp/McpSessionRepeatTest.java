package dev.flowdb.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape of {@link McpServerProcessTest#eachRoleListsOnlyItsToolsAndEveryToolStaysCallable},
 * where one session once got no answer to a {@code feature_create} in 60 s, repeated many times:
 * a first server on a fresh file is left right after {@code tools/list} (its client closes while
 * it may still be creating the file), then a second server answers a write. A call that is not
 * answered in 20 s fails the test, after a thread dump of every server process still running is
 * kept in {@code target/hang-dumps/}. {@code -Dflowdb.mcp.repeats=N} sets the count (the stress
 * profile runs 200).
 */
class McpSessionRepeatTest {

    @TempDir
    Path dir;

    @Test
    void aWriteAfterAServerLeftMidOpenIsAlwaysAnswered() throws Exception {
        int repeats = Integer.getInteger("flowdb.mcp.repeats", 10);
        ExecutorService calls = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < repeats; i++) {
                Path db = Files.createDirectories(dir.resolve("r" + i)).resolve("features.db");
                try (McpSyncClient first = McpServerProcessTest.client(db, "first-" + i, "--role", "coding")) {
                    first.listTools();
                }
                try (McpSyncClient second = McpServerProcessTest.client(db, "second-" + i, "--role", "testing")) {
                    second.listTools();
                    int round = i;
                    Future<String> created = calls.submit(() -> McpServerProcessTest.text(McpServerProcessTest.call(second, "feature_create",
                            Map.of("category", "c", "name", "n" + round, "description", "d", "steps", List.of("s")))));
                    try {
                        assertThat(created.get(20, TimeUnit.SECONDS)).startsWith("{\"success\": true");
                    } catch (TimeoutException hung) {
                        Path dumps = dumpServers(db, i);
                        throw new AssertionError("session " + i + ": feature_create got no answer in 20 s; thread dumps in " + dumps
                                + "; the servers' standard error:\n" + String.join("\n", McpServerProcessTest.STDERR), hung);
                    }
                }
            }
            System.out.println("mcp sessions: " + repeats + " repeats of two sessions, every write answered");
        } finally {
            calls.shutdownNow();
        }
    }

    /** A {@code jcmd Thread.print} of every live process serving {@code db}. */
    private static Path dumpServers(Path db, int round) throws Exception {
        Path out = Files.createDirectories(Path.of("target", "hang-dumps"));
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            Path cmdline = Path.of("/proc", String.valueOf(p.pid()), "cmdline");
            if (p.isAlive() && Files.exists(cmdline) && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(db.toString())) {
                Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(p.pid()), "Thread.print", "-l")
                        .redirectErrorStream(true).redirectOutput(out.resolve("round-" + round + "-pid-" + p.pid() + ".txt").toFile()).start();
                dump.waitFor(30, TimeUnit.SECONDS);
            }
        }
        return out.toAbsolutePath();
    }
}
