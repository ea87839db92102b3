package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Feature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding (REFERENCE-REST §10): a request whose {@code Host} is a stranger's name is what a
 * malicious page's own script sends once its name resolves to 127.0.0.1. Each kind of route is
 * tried with such a request over a raw socket (the JDK's HTTP client will not send another
 * {@code Host}), and with the names that must keep working.
 */
class DnsRebindingTest {

    private static final String P = "/api/projects/p1/features";
    private static final String CREATE = "{\"category\":\"x\",\"name\":\"Rebound\",\"description\":\"d\",\"steps\":[\"s\"]}";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"probe\",\"version\":\"1\"}}}";
    private static final String EVIL = "evil.example.com";

    @TempDir
    Path temp;

    /** One raw HTTP/1.1 exchange: the status code and the body (or what came after the headers). */
    record Raw(int status, String head, String body) { }

    static Raw send(int port, String method, String path, String host, List<String> headers, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            if (host != null) {
                request.append("Host: ").append(host).append("\r\n");
            }
            headers.forEach(h -> request.append(h).append("\r\n"));
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            if (headers.stream().noneMatch(h -> h.startsWith("Connection:"))) {
                request.append("Connection: close\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.flush();
            String answer = readStatusAndHeaders(socket.getInputStream());
            int status = Integer.parseInt(answer.substring(9, 12));
            int split = answer.indexOf("\r\n\r\n");
            return new Raw(status, answer.substring(0, split), answer.substring(split + 4));
        }
    }

    /**
     * Reads the status line and headers, then the body as far as its {@code Content-Length} says;
     * an answer that stays open (a stream, an upgraded socket) is read up to its headers.
     */
    private static String readStatusAndHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) > 0) {
            all.write(chunk, 0, n);
            String sofar = all.toString(StandardCharsets.UTF_8);
            int end = sofar.indexOf("\r\n\r\n");
            if (end < 0) {
                continue;
            }
            String head = sofar.substring(0, end).toLowerCase(java.util.Locale.ROOT);
            if (sofar.startsWith("HTTP/1.1 101") || head.contains("text/event-stream")) {
                break;
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("content-length: *(\\d+)").matcher(head);
            if (length.find() && all.size() - (end + 4) >= Integer.parseInt(length.group(1))) {
                break;
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static List<String> fromPage(String host) {
        return List.of("Origin: http://" + host);
    }

    @Test
    void aStrangersHostIsRefusedOnEveryKindOfRouteAndChangesNothing() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            int port = s.server.port();
            String evil = EVIL + ":" + port;
            s.call("POST", P, CREATE.replace("Rebound", "Before"));
            List<Feature> before = s.dump();

            Raw write = send(port, "POST", P, evil, fromPage(evil), CREATE);
            assertThat(write.status()).as("REST write").isEqualTo(403);
            assertThat(write.body()).contains("--allow-host " + EVIL).contains("FLOW_DB_ALLOW_HOSTS");
            assertThat(send(port, "GET", P, evil, fromPage(evil), null).status()).as("REST read").isEqualTo(403);
            assertThat(send(port, "GET", "/api/projects", evil, fromPage(evil), null).status()).as("project list").isEqualTo(403);
            assertThat(send(port, "GET", "/api/v1/features", evil, fromPage(evil), null).status()).as("/api/v1 read").isEqualTo(403);
            assertThat(send(port, "POST", "/api/v1/claim-next", evil, fromPage(evil), "{}").status()).as("/api/v1 write").isEqualTo(403);
            assertThat(send(port, "GET", "/api/v1/stream", evil, fromPage(evil), null).status()).as("stream").isEqualTo(403);
            assertThat(send(port, "POST", "/mcp", evil, List.of("Origin: http://" + evil, "Accept: application/json, text/event-stream"),
                    INITIALIZE).status()).as("/mcp").isEqualTo(403);
            assertThat(send(port, "GET", "/ws/projects/p1", evil, websocket(evil), null).status()).as("websocket handshake").isEqualTo(403);
            assertThat(send(port, "GET", "/", evil, List.of(), null).status()).as("board page").isEqualTo(403);
            assertThat(send(port, "GET", "/board/board.js", evil, List.of(), null).status()).as("board asset").isEqualTo(403);
            assertThat(send(port, "GET", P, EVIL, List.of(), null).status()).as("no port, no Origin").isEqualTo(403);
            assertThat(send(port, "GET", P, "localhost.evil.example.com:" + port, List.of(), null).status()).isEqualTo(403);
            assertThat(send(port, "GET", P, "127.0.0.1.nip.io:" + port, List.of(), null).status()).isEqualTo(403);
            assertThat(send(port, "GET", P, null, List.of(), null).status()).as("no Host at all").isIn(400, 403);

            assertThat(s.dump()).isEqualTo(before);
        }
    }

    @Test
    void theLoopbackNamesKeepWorkingOnEveryKindOfRoute() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            int port = s.server.port();
            for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST:" + port, "localhost")) {
                assertThat(send(port, "GET", P, host, List.of(), null).status()).as(host).isEqualTo(200);
                assertThat(send(port, "GET", "/api/v1/features", host, List.of(), null).status()).as(host).isEqualTo(200);
                assertThat(send(port, "GET", "/", host, List.of(), null).status()).as(host).isEqualTo(200);
                assertThat(send(port, "GET", "/api/v1/stream", host, List.of(), null).status()).as(host).isEqualTo(200);
                assertThat(send(port, "GET", "/ws/projects/p1", host, websocket(host), null).status()).as(host).isEqualTo(101);
                assertThat(send(port, "POST", "/mcp", host, List.of("Accept: application/json, text/event-stream"), INITIALIZE).status())
                        .as(host).isEqualTo(200);
            }
            String local = "localhost:" + port;
            assertThat(send(port, "POST", P, local, List.of("Origin: http://" + local), CREATE).status()).as("same-origin write").isEqualTo(200);
            assertThat(s.dump()).extracting(Feature::name).containsExactly("Rebound");
        }
    }

    @Test
    void aHostTheOperatorAllowedIsServedAndOnlyOnItsPortWhenOneIsGiven() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp, c -> c.withAllowedHosts(List.of("board.example.org", "proxy.example.org:443")))) {
            int port = s.server.port();
            assertThat(send(port, "GET", P, "board.example.org", List.of(), null).status()).isEqualTo(200);
            assertThat(send(port, "GET", P, "Board.Example.org:8443", List.of(), null).status()).as("any port, any case").isEqualTo(200);
            assertThat(send(port, "GET", P, "proxy.example.org:443", List.of(), null).status()).isEqualTo(200);
            assertThat(send(port, "GET", P, "proxy.example.org:8443", List.of(), null).status()).as("another port").isEqualTo(403);
            assertThat(send(port, "GET", P, "proxy.example.org", List.of(), null).status()).as("no port").isEqualTo(403);
            assertThat(send(port, "GET", P, EVIL, List.of(), null).status()).isEqualTo(403);
            assertThat(send(port, "GET", P, "localhost:" + port, List.of(), null).status()).as("loopback still").isEqualTo(200);
        }
    }

    @Test
    void aNonLoopbackBindAllowsItsOwnAddress() {
        HostGuard wildcard = new HostGuard("0.0.0.0", List.of(), null);
        assertThat(wildcard.allowed("0.0.0.0:8888")).isTrue();
        assertThat(wildcard.allowed("127.0.0.1:8888")).isTrue();
        assertThat(wildcard.allowed(EVIL)).isFalse();
        HostGuard one = new HostGuard("192.0.2.7", List.of("fleet.internal"), null);
        assertThat(one.allowed("192.0.2.7:8888")).isTrue();
        assertThat(one.allowed("fleet.internal:80")).isTrue();
        assertThat(one.allowed("192.0.2.8:8888")).isFalse();
        assertThat(one.allowed("not a host")).isFalse();
    }

    private static List<String> websocket(String host) {
        return List.of("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Origin: http://" + host);
    }
}
