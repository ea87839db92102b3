package dev.flowdb.cli;

import dev.flowdb.serve.FlowDbServer;
import dev.flowdb.serve.ServeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the backlog over HTTP — the original's REST routes, a change stream and the board. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the backlog over HTTP: the board at /, the original's REST feature routes and progress "
                + "websocket, and flow-db's own /api/v1 with a live change stream (server-sent events).",
                "Every write is audited with source 'http'. Stops gracefully on Ctrl-C or SIGTERM."},
        footer = {"", "Examples:", "  flow-db serve --project ~/work/my-app", "  flow-db serve --bind 0.0.0.0 --token \"$(openssl rand -hex 16)\" --db postgresql://fleet@db-host/backlog"})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    BacklogOptions backlog = new BacklogOptions();

    @Option(names = "--name", paramLabel = "NAME", description = "The project name in /api/projects/NAME/… (default: the project folder's name).")
    String name;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8888", description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}). Any other address needs --token.")
    String bind;

    @Option(names = "--token", paramLabel = "SECRET",
            description = "Require this secret on every request (Authorization: Bearer …, or the session cookie the printed sign-in address sets). Default: $FLOW_DB_TOKEN.")
    String token;

    @Option(names = "--token-name", paramLabel = "NAME", defaultValue = "board",
            description = "The actor recorded for token-holders' writes that name no actor (default: ${DEFAULT-VALUE}).")
    String tokenName;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "A browser origin besides the server's own that may call it (repeatable).")
    List<String> origins = new ArrayList<>();

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "A host name (NAME or NAME:PORT) that requests may be addressed to besides localhost, 127.0.0.1, [::1] "
                    + "and the bound address, e.g. a public name behind a proxy (repeatable; also $FLOW_DB_ALLOW_HOSTS, "
                    + "separated by commas). Requests addressed to any other name get 403: that stops DNS rebinding.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--max-body", paramLabel = "BYTES", description = "The largest request body accepted (default: 1 MiB).")
    Integer maxBody;

    /** Takes {@code --db} given before the command ({@code flow-db --db x.db serve}). */
    void inheritFrom(Common top) {
        backlog.inheritFrom(top);
    }

    /** The names of {@code --allow-host} and of the environment variable (commas or white space between names). */
    static List<String> allowedHosts(List<String> options, String env) {
        List<String> all = new ArrayList<>(options);
        if (env != null) {
            for (String name : env.split("[,\\s]+")) {
                if (!name.isBlank()) {
                    all.add(name);
                }
            }
        }
        return all;
    }

    @Override
    public Integer call() throws Exception {
        String url = backlog.db != null ? backlog.db : System.getenv(dev.flowdb.internal.engine.DatabaseTarget.ENV);
        ServeConfig config;
        if (url != null && !url.isBlank()) {
            config = ServeConfig.forDatabase(url);
        } else {
            String env = System.getenv("PROJECT_DIR");
            config = ServeConfig.forProject(backlog.project != null ? backlog.project : Path.of(env != null && !env.isBlank() ? env : ""));
        }
        if (name != null) {
            config = config.withName(name);
        }
        String secret = token != null ? token : System.getenv("FLOW_DB_TOKEN");
        config = config.withBind(bind).withPort(port).withToken(secret, tokenName).withAllowedOrigins(origins)
                .withAllowedHosts(allowedHosts(hosts, System.getenv(ServeConfig.ALLOW_HOSTS_ENV)));
        if (maxBody != null) {
            config = config.withMaxBody(maxBody);
        }
        FlowDbServer server;
        try {
            server = FlowDbServer.start(config);
        } catch (IllegalArgumentException refused) {
            System.err.println("flow-db serve: " + refused.getMessage());
            return FlowDbCli.BAD_INPUT;
        } catch (java.io.IOException cannotBind) {
            System.err.println("flow-db serve: cannot listen on " + bind + ":" + port + ": " + cannotBind.getMessage()
                    + " (another server there? pick a port with --port)");
            return FlowDbCli.BAD_INPUT;
        }
        server.stopOnShutdown();
        System.err.println("flow-db serve: " + config.target().describe() + " as project '" + config.name() + "'");
        System.err.println("flow-db serve: board at " + server.loginUrl()
                + (secret != null ? "  (one-time sign-in address; scripts send Authorization: Bearer <token>)" : ""));
        server.join();
        return FlowDbCli.OK;
    }
}
