package dev.flowdb.serve;

import dev.flowdb.Actor;
import dev.flowdb.DatabaseBusyException;
import dev.flowdb.Database;
import dev.flowdb.ValidationException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * {@code flow-db serve}: one backlog over HTTP on Jetty 12 — the original's REST feature routes and
 * progress websocket, flow-db's own {@code /api/v1} with a change stream, and the board at
 * {@code /}.
 *
 * <pre>{@code
 * try (FlowDbServer server = FlowDbServer.start(ServeConfig.forProject(Path.of("my-app")).withPort(0))) {
 *     System.out.println(server.url());
 *     server.join();
 * }
 * }</pre>
 *
 * A request whose {@code Host} is not a loopback name, the bound address or a name allowed with
 * {@link ServeConfig#withAllowedHosts(List)} is refused (403) before anything else looks at it.
 *
 * <p>Stopping (close, or SIGTERM through {@link #stopOnShutdown()}) refuses new requests, lets running
 * ones finish (up to five seconds), ends the change streams and closes the database.
 */
public final class FlowDbServer implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ServeConfig config;
    private final Database db;
    private final Projects projects;
    private final Server server;
    private final V1Routes v1;
    private final Guard guard;
    private final ScheduledExecutorService timer;
    private final io.modelcontextprotocol.server.McpSyncServer mcp;
    private final org.eclipse.jetty.ee10.servlet.ServletContextHandler mcpContext;

    private FlowDbServer(ServeConfig config, Database db, boolean remote) {
        this.config = config;
        this.db = db;
        Actor fallback = config.actor();
        this.projects = new Projects(config.name(), config.projectDir(), db, config.registry(),
                path -> new dev.flowdb.internal.engine.DatabaseTarget(path, null, null).builder().defaultActor(fallback).open());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flow-db-serve-progress");
            t.setDaemon(true);
            return t;
        });
        this.v1 = new V1Routes(db, config.name(), config.target().describe(), config.token() != null, config.feedPoll());
        Routes routes = new Routes();
        new FeatureRoutes(projects).addTo(routes);
        new ProjectRoutes(projects, config.target().describe()).addTo(routes);
        v1.addTo(routes);
        this.guard = new Guard(config, remote);

        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("flow-db-serve");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // "a%2Fb" decodes to "a/b" and then matches no route (404), as in the original
        http.setUriCompliance(UriCompliance.DEFAULT.with("flow-db", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.bind());
        connector.setPort(config.port());
        // idle keep-alive connections close at once on stop instead of holding the graceful wait
        connector.setShutdownIdleTimeout(200);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrors());

        // the MCP tools over Streamable HTTP at /mcp: the SDK's servlet transport in a servlet context
        // of its own, reached through App (so the guard runs first); each call acts for the request's
        // X-Flow-Db-Actor (else the token's name), with source mcp
        Actor mcpFallback = Actor.of(fallback.agent(), "mcp");
        io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider mcpTransport =
                io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider.builder()
                        .jsonMapper(dev.flowdb.mcp.FlowDbMcpServer.mapper())
                        .mcpEndpoint("/mcp")
                        .maxRequestSize(config.maxBody())
                        .contextExtractor(request -> io.modelcontextprotocol.common.McpTransportContext.create(
                                java.util.Map.of(dev.flowdb.mcp.FlowDbMcpServer.ACTOR_KEY, named(request.getHeader(Guard.ACTOR_HEADER), mcpFallback))))
                        .build();
        this.mcp = dev.flowdb.mcp.FlowDbMcpServer.serveStreamable(mcpTransport, db, mcpFallback);
        this.mcpContext = new org.eclipse.jetty.ee10.servlet.ServletContextHandler("/");
        mcpContext.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(mcpTransport), "/mcp");
        mcpContext.setServer(server);
        server.addBean(mcpContext, true);

        Handler app = new App(routes, fallback);
        WebSocketUpgradeHandler sockets = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(64 * 1024);
            container.addMapping(new org.eclipse.jetty.http.pathmap.UriTemplatePathSpec("/ws/projects/{name}"), (request, response, callback) -> {
                if (!guard.allowSocket(request, response, callback)) {
                    return null;
                }
                String name = org.eclipse.jetty.util.URIUtil.decodePath(
                        Request.getPathInContext(request).substring("/ws/projects/".length()));
                return new ProgressSocket(projects, name, timer, config.progressPoll().toMillis());
            });
        });
        sockets.setHandler(app);
        // the Host check is outermost: nothing (upgrade, routes, /mcp, stream, board) sees a request addressed elsewhere
        server.setHandler(new GracefulHandler(new HostGuard(config.bind(), config.allowedHosts(), sockets)));
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
    }

    /**
     * Opens the backlog (creating it, as the original's MCP server does) and starts listening.
     *
     * @param config what to serve
     * @return the running server
     * @throws IllegalArgumentException when a non-loopback address is to be bound without a token
     * @throws Exception when the port cannot be bound
     */
    public static FlowDbServer start(ServeConfig config) throws Exception {
        boolean remote = !InetAddress.getByName(config.bind()).isLoopbackAddress();
        if (remote && config.token() == null) {
            throw new IllegalArgumentException("refusing to listen on " + config.bind()
                    + " without a token: anyone who can reach it could change the backlog; pass --token (or bind 127.0.0.1)");
        }
        Database db = config.target().builder().defaultActor(config.actor()).open();
        FlowDbServer started;
        try {
            started = new FlowDbServer(config, db, remote);
            started.server.start();
        } catch (Exception | Error failure) {
            db.close();
            throw failure;
        }
        return started;
    }

    /** {@return the port listened on} */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** {@return the board's address} */
    public String url() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return "http://" + host + ":" + port() + "/";
    }

    /** {@return the one-time address that signs a browser in (sets the session cookie), or the board's when no token is set} */
    public String loginUrl() {
        return guard.loginCode() == null ? url() : url() + "?login=" + guard.loginCode();
    }

    /** {@return the database served} */
    public Database database() {
        return db;
    }

    /**
     * Blocks until the server stops.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server gracefully when the JVM is asked to end (SIGTERM, SIGINT). */
    public void stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "flow-db-serve-stop"));
    }

    @Override
    public synchronized void close() {
        if (server.isStopped()) {
            return;
        }
        v1.stop();
        mcp.closeGracefully();
        try {
            server.stop();
        } catch (Exception failure) {
            System.err.println("flow-db serve: stopping: " + failure);
        }
        timer.shutdownNow();
        projects.close();
        db.close();
    }

    /** The application behind the upgrade handler: guard, board assets, routes, error answers. */
    private final class App extends Handler.Abstract {

        private final Routes routes;
        private final Actor fallback;

        App(Routes routes, Actor fallback) {
            this.routes = routes;
            this.fallback = fallback;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange x = null;
            String failure = "Internal server error";
            try {
                if (guard.refused(request, response, callback)) {
                    return true;
                }
                // Jetty keeps the path encoded; the original's framework routes on the decoded path
                String path = org.eclipse.jetty.util.URIUtil.decodePath(Request.getPathInContext(request));
                if (path.equals("/mcp")) {
                    actor(request);   // a malformed X-Flow-Db-Actor is a 400 here, before the transport reads it
                    // the MCP transport reads its own body (within --max-body) and answers JSON-RPC
                    return mcpContext.handle(request, response, callback);
                }
                x = new Exchange(request, response, callback, config.maxBody(), actor(request));
                // read any body now, within the limit, even where the route takes none: a body left
                // unread would cost the client its keep-alive connection
                x.body();
                if (Board.serves(request.getMethod(), path)) {
                    Board.answer(x, path);
                    return true;
                }
                Routes.Lookup found = routes.find(request.getMethod(), path);
                if (found instanceof Routes.Lookup.Found hit) {
                    failure = hit.route().failure();
                    if (path.startsWith("/api/v1/") && !request.getMethod().equals("GET")) {
                        guard.requireJsonIfBody(x);
                    }
                    x.params(hit.params());
                    hit.route().handler().handle(x);
                } else if (found instanceof Routes.Lookup.RedirectTo redirect) {
                    String query = request.getHttpURI().getQuery();
                    response.getHeaders().put(HttpHeader.LOCATION, redirect.path() + (query == null ? "" : "?" + query));
                    x.send(307, "application/json", "");
                } else if (found instanceof Routes.Lookup.WrongMethod) {
                    throw HttpProblem.of(405, "Method Not Allowed");
                } else {
                    throw HttpProblem.notFound("Not Found");
                }
            } catch (HttpProblem problem) {
                answer(x, request, response, callback, problem);
            } catch (DatabaseBusyException busy) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                answer(x, request, response, callback, HttpProblem.of(503, "The database is busy; try again"));
            } catch (ValidationException invalid) {
                answer(x, request, response, callback, HttpProblem.badRequest(invalid.getMessage()));
            } catch (Throwable unexpected) {
                // logged for the operator; the client gets the route's fixed text, never a trace
                System.err.println("flow-db serve: " + request.getMethod() + " " + request.getHttpURI().getPath() + ": " + unexpected);
                unexpected.printStackTrace();
                answer(x, request, response, callback, HttpProblem.of(500, failure));
            }
            return true;
        }

        private Actor actor(Request request) {
            return named(request.getHeaders().get(Guard.ACTOR_HEADER), fallback);
        }

        private void answer(Exchange x, Request request, Response response, Callback callback, HttpProblem problem) {
            if (response.isCommitted()) {
                callback.failed(problem);
                return;
            }
            Exchange out = x != null ? x : new Exchange(request, response, callback, config.maxBody(), fallback);
            out.json(problem.status(), problem.body());
        }
    }

    /**
     * What Jetty itself answers (a request its parser refuses, such as a NUL in the path): the
     * original's {@code {"detail": …}} shape with the status's reason, never a page or a trace.
     */
    private static final class JsonErrors extends ErrorHandler {

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            String reason = org.eclipse.jetty.http.HttpStatus.getMessage(code);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            org.eclipse.jetty.io.Content.Sink.write(response, true, HttpProblem.of(code, reason).body().toString(), callback);
        }

        @Override
        public java.nio.ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            String text = HttpProblem.of(status, org.eclipse.jetty.http.HttpStatus.getMessage(status)).body().toString();
            return java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * The actor a request acts for: the one its {@code X-Flow-Db-Actor} header names, with the
     * fallback's source, else the fallback.
     *
     * @throws HttpProblem 400 when the header names no valid actor
     */
    private static Actor named(String header, Actor fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        try {
            return Actor.of(header.strip(), fallback.source());
        } catch (ValidationException invalid) {
            throw HttpProblem.badRequest(Guard.ACTOR_HEADER + ": " + invalid.getMessage());
        }
    }

    /** Random text for tokens, codes and session ids. */
    static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
