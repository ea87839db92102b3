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
 * it may still be creating the file), then a second server answers a write. A session that does
 * not finish in 30 s fails the test, after a thread dump of every server process still running is
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
                int round = i;
                // each session as a whole (start, initialize, list, call, close) within 30 s, or its servers are dumped
                within(calls, db, round, "the first session", () -> {
                    try (McpSyncClient first = McpServerProcessTest.client(db, "first-" + round, "--role", "coding")) {
                        first.listTools();
                    }
                });
                within(calls, db, round, "the second session", () -> {
                    try (McpSyncClient second = McpServerProcessTest.client(db, "second-" + round, "--role", "testing")) {
                        second.listTools();
                        assertThat(McpServerProcessTest.text(McpServerProcessTest.call(second, "feature_create",
                                Map.of("category", "c", "name", "n" + round, "description", "d", "steps", List.of("s")))))
                                .startsWith("{\"success\": true");
                    }
                });
            }
            System.out.println("mcp sessions: " + repeats + " repeats of two sessions, every write answered");
        } finally {
            calls.shutdownNow();
        }
    }

    private static void within(ExecutorService calls, Path db, int round, String what, Runnable session) throws Exception {
        Future<?> done = calls.submit(session);
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException hung) {
            Path dumps = dumpServers(db, round);
            throw new AssertionError("round " + round + ": " + what + " did not finish in 30 s; thread dumps of its servers in " + dumps
                    + "; the servers' standard error:\n" + String.join("\n", McpServerProcessTest.STDERR), hung);
        } catch (java.util.concurrent.ExecutionException failed) {
            throw new AssertionError("round " + round + ": " + what + " failed", failed.getCause());
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
