package dev.flowdb.mcp;

import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.FlowDbException;
import dev.flowdb.ProjectLayout;
import dev.flowdb.internal.engine.DatabaseTarget;
import dev.flowdb.internal.wire.Durations;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stdio MCP server exposing the feature tools of the Python original over a flow-db database,
 * so agents use it unchanged. Standard output carries the protocol only; logs go to standard
 * error.
 *
 * <pre>
 * java -jar flow-db-mcp/target/flow-db-mcp.jar [--project DIR] [--db PATH] [--agent NAME] [--role ROLE]
 *                                              [--lease DURATION] [--lease-renew-every DURATION]
 * </pre>
 * The database is {@code --db}, else the {@code features.db} of {@code --project} (default: the
 * {@code PROJECT_DIR} environment variable, as the original reads it, else the current folder)
 * found the originals' way. The agent recorded in the audit log (source {@code mcp}) is
 * {@code --agent}, else {@code FLOW_DB_AGENT}, else {@code mcp-agent}. {@code --role} (else
 * {@code FLOW_DB_MCP_ROLE}, else {@code all}) picks which tools {@code tools/list} shows
 * ({@link Role}); every tool stays callable.
 *
 * <p>While its client is connected, the server renews the leases of the claims its agent holds
 * every {@code --lease-renew-every} (default a third of {@code --lease}, whose default is
 * {@link #DEFAULT_LEASE}), so a live agent keeps its features past an orchestrator's
 * {@code release-stale --older-than LEASE}, and a dead one's claims go stale once it stops.
 */
public final class FlowDbMcpServer {

    /** How long a claim is meant to live without renewal: the bound an orchestrator gives {@code release-stale}. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(30);

    /** The busy timeout of the server's database: the original's 30 s. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);

    /** Where a transport's context extractor puts the {@link Actor} a call acts for. */
    public static final String ACTOR_KEY = "flowdb.actor";

    private static final Logger LOG = LoggerFactory.getLogger(FlowDbMcpServer.class);

    private FlowDbMcpServer() {
    }

    /**
     * Runs the server and exits the JVM with {@link #run(String[])}'s code.
     *
     * @param args as {@link #run(String[])} takes them
     * @throws InterruptedException if the main thread is interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        // reactor and pool threads are not daemons: leave explicitly once the client is gone
        System.exit(run(args));
    }

    /** What the command line asks for. */
    private record Options(DatabaseTarget db, Path project, String agent, Role role, Duration lease, Duration renewEvery) {
    }

    private static Options parse(String[] args) {
        String url = System.getenv(DatabaseTarget.ENV);
        DatabaseTarget db = url == null || url.isBlank() ? null : DatabaseTarget.parse(url);
        Path project = System.getenv("PROJECT_DIR") != null ? Path.of(System.getenv("PROJECT_DIR")) : Path.of("");
        String agent = System.getenv().getOrDefault("FLOW_DB_AGENT", "mcp-agent");
        Role role = Role.of(System.getenv().getOrDefault("FLOW_DB_MCP_ROLE", "all"));
        Duration lease = DEFAULT_LEASE;
        Duration renewEvery = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--db" -> db = DatabaseTarget.parse(value);
                case "--project" -> project = Path.of(value);
                case "--agent" -> agent = value;
                case "--role" -> role = Role.of(value);
                case "--lease" -> lease = Durations.parse(value);
                case "--lease-renew-every" -> renewEvery = Durations.parse(value);
                default -> throw new IllegalArgumentException("unknown option " + option
                        + " (use --project DIR, --db PATH|URL, --agent NAME, --role ROLE, --lease DURATION, --lease-renew-every DURATION)");
            }
        }
        if (renewEvery == null) {
            renewEvery = lease.dividedBy(3);
        }
        if (renewEvery.isZero()) {
            throw new IllegalArgumentException("--lease-renew-every must be longer than zero");
        }
        return new Options(db, project, agent, role, lease, renewEvery);
    }

    /**
     * Serves until standard input closes or the process is stopped.
     *
     * @param args {@code --project DIR}, {@code --db PATH|URL} (else {@code $FLOW_DB_URL}), {@code --agent NAME}, {@code --role ROLE},
     *        {@code --lease DURATION}, {@code --lease-renew-every DURATION}
     * @return 0 after a normal stop, 2 for bad arguments, 3 if the database cannot be opened
     * @throws InterruptedException if the calling thread is interrupted while serving
     */
    public static int run(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("flow-db-mcp: " + bad.getMessage());
            return 2;
        }
        DatabaseTarget target = options.db() != null ? options.db()
                : new DatabaseTarget(ProjectLayout.locate(options.project().toAbsolutePath()), null, null);
        Actor actor;
        try {
            actor = Actor.of(options.agent(), "mcp");
        } catch (FlowDbException e) {
            System.err.println("flow-db-mcp: " + e.getMessage());
            return 2;
        }
        // the database opens while the JVM loads the protocol stack: initialize never waits for it
        // (measured: 1.46 → 1.26 s to the initialize answer on 10 000 features); tool calls do
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(
                () -> target.builder().busyTimeout(BUSY_TIMEOUT).defaultActor(actor).open(), runnable -> {
                    Thread t = new Thread(runnable, "flow-db-mcp-open");
                    t.setDaemon(true);
                    t.start();
                });
        FeatureTools tools = new FeatureTools(actor);
        DirectStdioTransport transport = new DirectStdioTransport(mapper(), System.in, System.out);
        McpSyncServer server = start(tools, options.role(), transport);
        Database database;
        try {
            database = opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            System.err.println("flow-db-mcp: " + (e.getCause() == null ? e : e.getCause()).getMessage());
            server.close();
            return 3;
        }
        tools.bind(database);
        LeaseRenewer renewer = LeaseRenewer.start(database.features(actor), options.renewEvery());
        Runtime.getRuntime().addShutdownHook(new Thread(transport::end, "flow-db-mcp-shutdown"));
        LOG.info("flow-db MCP server on {} for agent {} (role {}, renewing its claims every {})", target.describe(), options.agent(),
                options.role().name().toLowerCase(java.util.Locale.ROOT), options.renewEvery());
        transport.awaitEnd();
        renewer.close();
        server.closeGracefully();
        database.close();
        return 0;
    }

    /** {@return the JSON mapper the tools and transports use} */
    public static McpJsonMapper mapper() {
        return new JacksonMcpJsonMapper(JsonMapper.builder().addMixIn(Throwable.class, WithoutTrace.class).build());
    }

    /**
     * What of an exception the transports may write: the SDK's HTTP transport answers a request it
     * refuses with its {@code McpError} serialised as a bean, which would carry the stack trace,
     * the cause and the class names of the server's code to any client. Only the JSON-RPC error
     * and the message are kept.
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"stackTrace", "cause", "localizedMessage", "suppressed"})
    private abstract static class WithoutTrace {
    }

    /**
     * Builds the server with every tool of {@link FeatureTools} on {@code transport}; {@code tools/list}
     * shows those of {@code role}, and every tool answers a call.
     */
    static McpSyncServer start(FeatureTools tools, Role role, McpServerTransportProvider transport) {
        return configure(McpServer.sync(transport), tools, role, exchange -> tools).build();
    }

    /**
     * The same tools over MCP's Streamable HTTP transport (what {@code flow-db serve} mounts at
     * {@code /mcp}), for remote agents sharing one serving process. Each call acts for the actor its
     * HTTP request carried (put into the transport context under {@link #ACTOR_KEY} by the
     * transport's context extractor), else for {@code fallback}; every tool is listed.
     *
     * @param transport the Streamable HTTP transport
     * @param db the backlog
     * @param fallback the actor of calls whose request names none
     * @return the running server; close it before the database
     */
    public static McpSyncServer serveStreamable(McpStreamableServerTransportProvider transport, Database db, Actor fallback) {
        java.util.concurrent.ConcurrentHashMap<Actor, FeatureTools> byActor = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Function<Actor, FeatureTools> toolsOf = actor -> byActor.computeIfAbsent(actor, a -> new FeatureTools(db, a));
        return configure(McpServer.sync(transport), toolsOf.apply(fallback), Role.ALL, exchange -> {
            Object actor = exchange.transportContext().get(ACTOR_KEY);
            return toolsOf.apply(actor instanceof Actor named ? named : fallback);
        }).build();
    }

    private static <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
            McpServer.SyncSpecification<S> spec, FeatureTools template, Role role,
            java.util.function.Function<io.modelcontextprotocol.server.McpSyncServerExchange, FeatureTools> toolsFor) {
        McpJsonMapper mapper = mapper();
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        for (FeatureTools.Tool t : template.tools().values()) {
            McpSchema.Tool tool = McpSchema.Tool.builder().name(t.name()).description(t.description())
                    .inputSchema(mapper, t.inputSchema()).build();
            specs.add(new McpServerFeatures.SyncToolSpecification(tool,
                    (exchange, request) -> answer(toolsFor.apply(exchange), t.name(), request.arguments())));
        }
        return spec.serverInfo("flow-db", "0.1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(specs)
                // FeatureTools checks every argument against the same bounds its schema states (ToolArg),
                // with its own texts; the SDK's JSON-schema pass would check them twice (and load a
                // schema validator of 240 classes before the first answer)
                .validateToolInputs(false)
                // run each tool on the thread that read its request instead of handing it to Reactor's
                // bounded-elastic pool: one thread wake-up less per call (measured below in BENCHMARKS.md)
                .immediateExecution(true)
                .addToolFilter((context, tool) -> role.lists(tool.name()));
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
