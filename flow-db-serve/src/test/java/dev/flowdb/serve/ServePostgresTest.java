package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowdb.Database;
import dev.flowdb.NewFeature;
import dev.flowdb.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * {@code flow-db serve --db postgresql://…}: the same routes over a real PostgreSQL server, and the
 * change stream delivering a write made through another connection pool (another host's agent).
 */
@Tag("postgres")
class ServePostgresTest {

    @Test
    void servesAPostgresBacklogAndStreamsAnotherWritersChanges() throws Exception {
        String url = PostgresServer.get().freshUrl();
        ServeConfig config = ServeConfig.forDatabase(url).withPort(0).withPolls(Duration.ofMillis(100), Duration.ofMillis(20));
        assertThat(config.name()).isEqualTo("flow-db");
        try (FlowDbServer server = FlowDbServer.start(config); Database other = Database.open(url)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/projects/flow-db/features"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"category\":\"c\",\"name\":\"n\",\"description\":\"d\",\"steps\":[\"s\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/stream")).build(),
                    info -> HttpResponse.BodySubscribers.fromLineSubscriber(new LiveTest.LineSink(lines)));
            LiveTest.poll(lines, l -> l.startsWith(": flow-db change stream"));
            other.features().create(new NewFeature("c", "from another pool", "d", List.of("s")));
            String data = LiveTest.poll(lines, l -> l.startsWith("data: "));
            assertThat(data).contains("from another pool");

            JsonNode list = RequestCheck.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/projects/flow-db/features")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(list.get("pending").findValuesAsText("name")).containsExactly("n", "from another pool");
            HttpResponse<String> claimed = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/claim-next"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(RequestCheck.JSON.readTree(claimed.body()).get("claimed").get("name").asText()).isEqualTo("n");
        }
    }
}
