package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.ChangeEvent;
import dev.flowdb.NewFeature;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP tools over Streamable HTTP at /mcp: the same tools and answers, each agent its own actor, the token required. */
class ServeMcpTest {

    @TempDir
    Path temp;

    private static McpSyncClient client(ServerFixture s, String agent, String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(s.base())
                .endpoint("/mcp")
                .requestBuilder(java.net.http.HttpRequest.newBuilder().header(Guard.ACTOR_HEADER, agent)
                        .header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
        client.initialize();
        return client;
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void twoRemoteAgentsShareOneServingProcess() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp, c -> c.withToken("t0ken", "ops"))) {
            s.db().features().create(new NewFeature("c", "a", "d", List.of("s")));
            s.db().features().create(new NewFeature("c", "b", "d", List.of("s")));
            try (McpSyncClient one = client(s, "remote-1", "t0ken"); McpSyncClient two = client(s, "remote-2", "t0ken")) {
                assertThat(one.listTools().tools()).extracting(McpSchema.Tool::name).contains("feature_get_stats", "feature_claim_next");
                assertThat(text(one.callTool(new McpSchema.CallToolRequest("feature_get_stats", Map.of()))))
                        .isEqualTo("{\"passing\": 0, \"in_progress\": 0, \"needs_human_input\": 0, \"total\": 2, \"percentage\": 0.0}");
                String first = text(one.callTool(new McpSchema.CallToolRequest("feature_claim_next", Map.of())));
                String second = text(two.callTool(new McpSchema.CallToolRequest("feature_claim_next", Map.of())));
                assertThat(first).contains("\"id\": 1");
                assertThat(second).contains("\"id\": 2");
            }
            List<ChangeEvent> claims = s.db().events().latest(2);
            assertThat(claims).extracting(ChangeEvent::agent).containsExactlyInAnyOrder("remote-1", "remote-2");
            assertThat(claims).extracting(ChangeEvent::source).containsOnly("mcp");
            assertThat(s.call("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "application/json",
                    b -> b.setHeader("Authorization", "Bearer wrong")).status()).as("the token guards /mcp").isEqualTo(401);
        }
    }

    @Test
    void aRefusedMcpRequestIsAnsweredWithoutTheServersStackTrace() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            for (String type : new String[] {"text/plain", "application/json"}) {
                ServerFixture.Answer refused = s.call("POST", "/mcp", "{\"a\":1}", type, b -> b.header("Accept", "application/json, text/event-stream"));
                org.assertj.core.api.Assertions.assertThat(refused.status()).as(type).isBetween(400, 499);
                org.assertj.core.api.Assertions.assertThat(refused.body()).as(type).contains("\"jsonRpcError\"")
                        .doesNotContain("stackTrace").doesNotContain("className").doesNotContain("io.modelcontextprotocol");
            }
        }
    }
}
