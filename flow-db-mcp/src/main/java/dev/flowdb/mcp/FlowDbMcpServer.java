package dev.flowdb.mcp;

import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.FlowDbException;
import dev.flowdb.ProjectLayout;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stdio MCP server exposing the feature tools of the Python original over a flow-db database,
 * so agents use it unchanged. Standard output carries the protocol only; logs go to standard
 * error.
 *
 * <pre>
 * java -jar flow-db-mcp/target/flow-db-mcp.jar [--project DIR] [--db PATH] [--agent NAME]
 * </pre>
 * The database is {@code --db}, else the {@code features.db} of {@code --project} (default: the
 * {@code PROJECT_DIR} environment variable, as the original reads it, else the current folder)
 * found the originals' way. The agent recorded in the audit log (source {@code mcp}) is
 * {@code --agent}, else {@code FLOW_DB_AGENT}, else {@code mcp-agent}.
 */
public final class FlowDbMcpServer {

    private static final Logger LOG = LoggerFactory.getLogger(FlowDbMcpServer.class);

    private FlowDbMcpServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        // reactor and pool threads are not daemons: leave explicitly once the client is gone
        System.exit(run(args));
    }

    /**
     * Serves until standard input closes or the process is stopped.
     *
     * @param args {@code --project DIR}, {@code --db PATH}, {@code --agent NAME}
     * @return 0 after a normal stop, 2 for bad arguments, 3 if the database cannot be opened
     */
    public static int run(String[] args) throws InterruptedException {
        Path db = null;
        Path project = System.getenv("PROJECT_DIR") != null ? Path.of(System.getenv("PROJECT_DIR")) : Path.of("");
        String agent = System.getenv().getOrDefault("FLOW_DB_AGENT", "mcp-agent");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = Path.of(args[++i]);
                case "--project" -> project = Path.of(args[++i]);
                case "--agent" -> agent = args[++i];
                default -> {
                    System.err.println("flow-db-mcp: unknown option " + args[i] + " (use --project DIR, --db PATH, --agent NAME)");
                    return 2;
                }
            }
        }
        Path file = db != null ? db : ProjectLayout.locate(project.toAbsolutePath());
        Actor actor;
        Database database;
        try {
            actor = Actor.of(agent, "mcp");
            database = Database.builder(file).busyTimeout(Duration.ofSeconds(30)).defaultActor(actor).open();
        } catch (FlowDbException e) {
            System.err.println("flow-db-mcp: " + e.getMessage());
            return 3;
        }
        CountDownLatch clientGone = new CountDownLatch(1);
        InputStream in = new FilterInputStream(System.in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    clientGone.countDown();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n < 0) {
                    clientGone.countDown();
                }
                return n;
            }
        };
        McpSyncServer server = start(database, actor, new StdioServerTransportProvider(mapper(), in, System.out));
        Runtime.getRuntime().addShutdownHook(new Thread(clientGone::countDown, "flow-db-mcp-shutdown"));
        LOG.info("flow-db MCP server on {} for agent {}", file, agent);
        clientGone.await();
        server.closeGracefully();
        database.close();
        return 0;
    }

    static McpJsonMapper mapper() {
        return new JacksonMcpJsonMapper(JsonMapper.builder().build());
    }

    /** Builds the server with every tool of {@link FeatureTools} on {@code transport}. */
    static McpSyncServer start(Database database, Actor actor, StdioServerTransportProvider transport) {
        McpJsonMapper mapper = mapper();
        FeatureTools tools = new FeatureTools(database, actor);
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        for (FeatureTools.Tool t : tools.tools().values()) {
            McpSchema.Tool tool = McpSchema.Tool.builder().name(t.name()).description(t.description())
                    .inputSchema(mapper, t.inputSchema()).build();
            specs.add(new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> answer(tools, t.name(), request.arguments())));
        }
        return McpServer.sync(transport)
                .serverInfo("flow-db", "0.1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(specs)
                .build();
    }

    /** One tool call: the JSON text answer, or an MCP tool error for arguments that do not fit. */
    static McpSchema.CallToolResult answer(FeatureTools tools, String name, Map<String, Object> arguments) {
        try {
            return McpSchema.CallToolResult.builder().addTextContent(tools.call(name, arguments)).isError(false).build();
        } catch (FeatureTools.InvalidArguments invalid) {
            return McpSchema.CallToolResult.builder().addTextContent("Invalid arguments for " + name + ": " + invalid.getMessage()).isError(true).build();
        } catch (RuntimeException unexpected) {
            LOG.warn("tool {} failed", name, unexpected);
            return McpSchema.CallToolResult.builder().addTextContent("Error in " + name + ": " + unexpected).isError(true).build();
        }
    }
}
