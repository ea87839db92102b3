package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowdb.NewFeature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress websocket (REFERENCE-REST §5) and the change stream under /api/v1. */
class LiveTest {

    @TempDir
    Path temp;

    /** Collects a websocket's messages and its close code. */
    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.complete(status);
            return null;
        }

        JsonNode next() throws Exception {
            String text = messages.poll(10, TimeUnit.SECONDS);
            assertThat(text).as("a message within 10 s").isNotNull();
            return RequestCheck.JSON.readTree(text);
        }
    }

    private static WebSocket connect(ServerFixture s, String name, Collector collector, String origin) {
        WebSocket.Builder builder = s.http.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + s.server.port() + "/ws/projects/" + name), collector).join();
    }

    @Test
    void progressSocketSendsStatusesThenProgressOnChangeAndAnswersPing() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            Collector c = new Collector();
            WebSocket socket = connect(s, "p1", c, "http://localhost:5173");
            assertThat(c.next().toString()).isEqualTo("{\"type\":\"agent_status\",\"status\":\"stopped\"}");
            assertThat(c.next().toString()).isEqualTo("{\"type\":\"dev_server_status\",\"status\":\"stopped\",\"url\":null}");
            assertThat(c.next().toString()).isEqualTo("{\"type\":\"progress\",\"passing\":0,\"in_progress\":0,\"total\":0,"
                    + "\"percentage\":0,\"needs_human_input\":0}");
            socket.sendText("not json", true).join();
            socket.sendText("{\"type\":\"ping\"}", true).join();
            assertThat(c.next().toString()).isEqualTo("{\"type\":\"pong\"}");
            for (String name : List.of("a", "b", "c")) {
                s.db().features().create(new NewFeature("c", name, "d", List.of("s")));
            }
            s.db().features().markPassing(1);
            JsonNode progress = c.next();
            while (progress.get("passing").asLong() == 0) {
                progress = c.next();
            }
            assertThat(progress.get("total").asLong()).isEqualTo(3);
            assertThat(progress.get("percentage").asDouble()).isEqualTo(33.3);
            assertThat(c.messages.poll(500, TimeUnit.MILLISECONDS)).as("nothing when nothing changed").isNull();
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Test
    void progressSocketRefusesBadNamesUnknownProjectsAndForeignOrigins() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            Collector bad = new Collector();
            connect(s, "bad.name", bad, null);
            assertThat(bad.next().toString()).isEqualTo("{\"type\":\"error\",\"content\":\"Invalid project name\"}");
            assertThat(bad.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4000);
            Collector unknown = new Collector();
            connect(s, "nobody", unknown, null);
            assertThat(unknown.next().toString()).isEqualTo("{\"type\":\"error\",\"content\":\"Project not found in registry\"}");
            assertThat(unknown.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4004);
            assertThatThrownBy(() -> connect(s, "p1", new Collector(), "http://evil.example"))
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                    .hasStackTraceContaining("403");
        }
    }

    @Test
    void streamDeliversCommittedChangesAndResumesAfterLastEventId() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CompletableFuture<HttpResponse<Void>> open = s.http.sendAsync(
                    HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/stream")).build(),
                    info -> HttpResponse.BodySubscribers.fromLineSubscriber(new LineSink(lines)));
            assertThat(poll(lines, l -> l.startsWith(": flow-db change stream"))).isNotNull();
            try {
                s.db().write(dev.flowdb.Actor.of("t", "test"), tx -> {
                    tx.features().create(new NewFeature("c", "rolled back", "d", List.of("s")));
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // never to be delivered
            }
            s.db().features().create(new NewFeature("c", "kept", "d", List.of("s")));
            String id = poll(lines, l -> l.startsWith("id: "));
            assertThat(poll(lines, l -> l.startsWith("event: "))).isEqualTo("event: change");
            String data = poll(lines, l -> l.startsWith("data: "));
            JsonNode event = RequestCheck.JSON.readTree(data.substring(6));
            assertThat(event.get("event_type").asText()).isEqualTo("created");
            assertThat(event.get("new_value").toString()).contains("kept").doesNotContain("rolled back");
            open.cancel(true);

            s.db().features().markPassing(event.get("feature_id").asLong());
            BlockingQueue<String> resumed = new LinkedBlockingQueue<>();
            s.http.sendAsync(HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/stream")).header("Last-Event-ID", id.substring(4)).build(),
                    info -> HttpResponse.BodySubscribers.fromLineSubscriber(new LineSink(resumed)));
            String resumedData = poll(resumed, l -> l.startsWith("data: "));
            assertThat(RequestCheck.JSON.readTree(resumedData.substring(6)).get("event_type").asText())
                    .as("the first event after the cursor, not the created one again").isNotEqualTo("created");

            JsonNode page = s.call("GET", "/api/v1/events?after=" + id.substring(4) + "&limit=10").json();
            assertThat(page.get("events").size()).isGreaterThan(0);
            assertThat(s.call("GET", "/api/v1/events?after=garbage").status()).isEqualTo(400);
        }
    }

    @Test
    void ownApiAnswersReadyBlockedClaimAndHistory() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            s.db().features().create(new NewFeature("c", "a", "d", List.of("s")));
            s.db().features().create(new NewFeature("c", "b", "d", List.of("s")).dependsOn(dev.flowdb.DependencyRef.id(1)));
            assertThat(s.call("GET", "/api/v1/ready").json().get("total").asLong()).isEqualTo(1);
            assertThat(s.call("GET", "/api/v1/blocked").json().get("features").get(0).get("blocked_by").toString()).isEqualTo("[1]");
            assertThat(s.call("GET", "/api/v1/ready?limit=0").status()).isEqualTo(400);
            JsonNode claimed = s.call("POST", "/api/v1/claim-next", null, null, b -> b.header(Guard.ACTOR_HEADER, "agent-7")).json();
            assertThat(claimed.get("claimed").get("claimed_by").asText()).isEqualTo("agent-7");
            assertThat(s.call("POST", "/api/v1/features/1/claim").status()).as("claimed by another").isIn(200, 409);
            assertThat(s.call("POST", "/api/v1/features/1/pass").json().get("passes").asBoolean()).isTrue();
            assertThat(s.call("POST", "/api/v1/features/1/pass").status()).isEqualTo(400);
            assertThat(s.call("GET", "/api/v1/features/1/events").json().get("events").findValuesAsText("event_type")).contains("created", "claimed");
            assertThat(s.call("GET", "/api/v1/openapi.json").json().get("openapi").asText()).startsWith("3.");
            assertThat(s.call("GET", "/api/v1/features").json().get("stats").get("passing").asLong()).isEqualTo(1);
        }
    }

    static String poll(BlockingQueue<String> lines, java.util.function.Predicate<String> wanted) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no such line within 10 s; left: " + lines);
    }

    /** Puts each line of a streamed body into a queue. */
    record LineSink(BlockingQueue<String> lines) implements java.util.concurrent.Flow.Subscriber<String> {
        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {
            lines.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
