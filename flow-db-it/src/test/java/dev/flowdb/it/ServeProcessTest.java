package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.cli.FlowDbCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flow-db serve} as a real process: it serves a project, and SIGTERM stops it gracefully —
 * an open change stream is ended, the process exits, and the database is whole afterwards.
 */
class ServeProcessTest {

    @TempDir
    Path dir;

    @Test
    void servesAndStopsGracefullyOnSigterm() throws Exception {
        Path project = Files.createDirectories(dir.resolve("shop"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + port;
        try (ChildJvm server = ChildJvm.start(FlowDbCli.class, "serve", "--project", project.toString(), "--port", String.valueOf(port))) {
            HttpResponse<String> list = null;
            for (int i = 0; i < 300 && list == null; i++) {
                try {
                    list = http.send(HttpRequest.newBuilder(URI.create(base + "/api/projects/shop/features")).build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(list).as("the server answers within 30 s; stderr: " + (list == null ? server.stderr() : "")).isNotNull();
            assertThat(list.statusCode()).isEqualTo(200);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/projects/shop/features"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"category\":\"c\",\"name\":\"kept\",\"description\":\"d\",\"steps\":[\"s\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(200);
            CompletableFuture<HttpResponse<String>> stream = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/stream")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);

            long start = System.nanoTime();
            server.terminate();
            int code = server.waitFor(30);
            long stoppedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(code).as("exit on SIGTERM; stderr: " + server.stderr()).isIn(0, 143);
            assertThat(stream.get(10, java.util.concurrent.TimeUnit.SECONDS).body()).as("the stream was ended, not cut")
                    .startsWith(": flow-db change stream");
            assertThat(server.stderr()).doesNotContain("Exception");
            System.out.println("serve: SIGTERM to exit " + stoppedMs + " ms with a change stream open");
        }
        try (Database db = Database.open(project.resolve(".autoforge/features.db"))) {
            assertThat(db.features().getAll()).extracting(f -> f.name()).containsExactly("kept");
        }
    }

    @Test
    void aNonLoopbackBindWithoutATokenIsRefusedWithExitCode2() {
        StringWriter err = new StringWriter();
        PrintWriter errs = new PrintWriter(err, true);
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        int code;
        try {
            code = FlowDbCli.run(new String[] {"serve", "--db", dir.resolve("f.db").toString(), "--bind", "0.0.0.0", "--port", "0"},
                    new PrintWriter(new StringWriter()), errs);
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isEqualTo(FlowDbCli.BAD_INPUT);
        assertThat(captured.toString() + err).contains("without a token");
        assertThat(dir.resolve("f.db")).as("nothing created").doesNotExist();
    }
}
