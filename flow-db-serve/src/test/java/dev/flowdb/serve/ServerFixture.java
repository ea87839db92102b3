package dev.flowdb.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real server on a free loopback port over a real SQLite file in a temporary project folder. */
final class ServerFixture implements AutoCloseable {

    /** One answer. */
    record Answer(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            try {
                return RequestCheck.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String detail() {
            return json().path("detail").asText();
        }

        List<String> keys() {
            List<String> keys = new ArrayList<>();
            json().fieldNames().forEachRemaining(keys::add);
            return keys;
        }
    }

    final Path projectDir;
    final FlowDbServer server;
    /** HTTP/1.1 as the browsers' fetch and curl speak it here (no h2c upgrade headers on a first request). */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    final String token;

    private ServerFixture(Path projectDir, FlowDbServer server, String token) {
        this.projectDir = projectDir;
        this.server = server;
        this.token = token;
    }

    /** A project folder named {@code p1} with no database yet; the server creates it. */
    static ServerFixture start(Path temp) throws Exception {
        return start(temp, c -> c);
    }

    static ServerFixture start(Path temp, UnaryOperator<ServeConfig> tune) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("p1"));
        ServeConfig config = tune.apply(ServeConfig.forProject(dir).withPort(0).withRegistry(temp.resolve("no-registry.db"))
                .withPolls(Duration.ofMillis(100), Duration.ofMillis(20)));
        return new ServerFixture(dir, FlowDbServer.start(config), config.token());
    }

    /** A project folder holding a copy of a legacy fixture as {@code features.db} at its root. */
    static ServerFixture withFixture(Path temp, String fixture, UnaryOperator<ServeConfig> tune) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("p1"));
        try (InputStream in = ServerFixture.class.getResourceAsStream("/fixtures/" + fixture)) {
            Files.copy(in, dir.resolve("features.db"), StandardCopyOption.REPLACE_EXISTING);
        }
        return start(temp, tune);
    }

    Database db() {
        return server.database();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    Answer call(String method, String path) {
        return call(method, path, null, "application/json", b -> b);
    }

    Answer call(String method, String path, String json) {
        return call(method, path, json, "application/json", b -> b);
    }

    Answer call(String method, String path, String body, String contentType, UnaryOperator<HttpRequest.Builder> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(headers.apply(builder).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return everything stored, to compare before and after a refused call} */
    List<Feature> dump() {
        return db().features().getAll();
    }

    @Override
    public void close() {
        server.close();
    }
}
