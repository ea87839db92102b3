package dev.flowdb.serve;

import dev.flowdb.Actor;
import dev.flowdb.ProjectLayout;
import dev.flowdb.internal.engine.DatabaseTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code flow-db serve} serves and how.
 *
 * @param target the backlog: a features.db path or a PostgreSQL URL
 * @param projectDir the project folder the backlog belongs to, or {@code null} (PostgreSQL, a loose file)
 * @param name the project name the original's routes answer to
 * @param bind the address to listen on; anything but loopback needs a token
 * @param port the port (0: any free one)
 * @param token the secret every request must carry, or {@code null} for none
 * @param tokenName the actor recorded for requests authorised by the token (unless they name one)
 * @param allowedOrigins browser origins besides the server's own that may call it
 * @param allowedHosts names besides the loopback ones (and the bound address) that a request's
 *        {@code Host} may carry: a public name behind a proxy, as {@code NAME} (any port) or
 *        {@code NAME:PORT}
 * @param maxBody the largest request body accepted, in bytes
 * @param registry the original's project registry (read-only; need not exist)
 * @param progressPoll how often the progress websocket looks at the counts
 * @param feedPoll how often the change stream looks for new events
 */
public record ServeConfig(DatabaseTarget target, Path projectDir, String name, String bind, int port, String token,
                          String tokenName, List<String> allowedOrigins, List<String> allowedHosts, int maxBody, Path registry,
                          Duration progressPoll, Duration feedPoll) {

    /**
     * The environment variable {@code flow-db serve} reads more allowed host names from (see
     * {@link #withAllowedHosts(List)}), separated by commas or white space.
     */
    public static final String ALLOW_HOSTS_ENV = "FLOW_DB_ALLOW_HOSTS";

    /** The original's default port. */
    public static final int DEFAULT_PORT = 8888;

    /** The default body limit: 1 MiB, far above any backlog request and far below a memory problem. */
    public static final int DEFAULT_MAX_BODY = 1 << 20;

    /**
     * Copies the origin and host lists; a blank token counts as none.
     *
     * @param target the record's {@code target}
     * @param projectDir the record's {@code projectDir}
     * @param name the record's {@code name}
     * @param bind the record's {@code bind}
     * @param port the record's {@code port}
     * @param token the record's {@code token}
     * @param tokenName the record's {@code tokenName}
     * @param allowedOrigins the record's {@code allowedOrigins}
     * @param allowedHosts the record's {@code allowedHosts}
     * @param maxBody the record's {@code maxBody}
     * @param registry the record's {@code registry}
     * @param progressPoll the record's {@code progressPoll}
     * @param feedPoll the record's {@code feedPoll}
     */
    public ServeConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        // an empty $FLOW_DB_TOKEN means no token, everywhere the token is looked at
        token = token == null || token.isBlank() ? null : token;
    }

    /** {@return the actor of requests that name none: the token's name with a token, else {@code web}; source {@code http}} */
    Actor actor() {
        return Actor.of(token != null ? tokenName : "web", "http");
    }

    /**
     * Serves a project folder's backlog under the folder's name, on 127.0.0.1:8888, with no token.
     *
     * @param projectDir the project folder
     * @return the configuration
     */
    public static ServeConfig forProject(Path projectDir) {
        Path dir = projectDir.toAbsolutePath().normalize();
        return new ServeConfig(new DatabaseTarget(ProjectLayout.locate(dir), null, null), dir, nameOf(dir), "127.0.0.1",
                DEFAULT_PORT, null, "board", List.of(), List.of(), DEFAULT_MAX_BODY, defaultRegistry(), Duration.ofSeconds(2),
                Duration.ofMillis(100));
    }

    /**
     * Serves a database named by path or URL. A file's project is the folder holding it (the one
     * above {@code .autoforge} or {@code .autocoder}); a PostgreSQL backlog is named {@code flow-db}.
     *
     * @param db a features.db path or a {@code postgresql://} URL
     * @return the configuration
     */
    public static ServeConfig forDatabase(String db) {
        DatabaseTarget target = DatabaseTarget.parse(db);
        ServeConfig base = forProject(Path.of(""));
        if (target.isPostgres()) {
            return base.with(target, null, "flow-db");
        }
        Path file = target.path().toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (dir.getFileName() != null && ProjectLayout.SEARCH_ORDER.contains(dir.getFileName().toString()) && dir.getParent() != null) {
            dir = dir.getParent();
        }
        return base.with(new DatabaseTarget(file, null, null), dir, nameOf(dir));
    }

    private ServeConfig with(DatabaseTarget t, Path dir, String n) {
        return new ServeConfig(t, dir, n, bind, port, token, tokenName, allowedOrigins, allowedHosts, maxBody, registry, progressPoll, feedPoll);
    }

    /**
     * This configuration answering to another project name.
     *
     * @param value the project name the original's routes answer to
     * @return this configuration with it
     */
    public ServeConfig withName(String value) {
        return new ServeConfig(target, projectDir, value, bind, port, token, tokenName, allowedOrigins, allowedHosts, maxBody, registry, progressPoll, feedPoll);
    }

    /**
     * This configuration listening on another address.
     *
     * @param value the address to listen on (anything but loopback needs a token)
     * @return this configuration with it
     */
    public ServeConfig withBind(String value) {
        return new ServeConfig(target, projectDir, name, value, port, token, tokenName, allowedOrigins, allowedHosts, maxBody, registry, progressPoll, feedPoll);
    }

    /**
     * This configuration on another port.
     *
     * @param value the port, 0 for any free one
     * @return this configuration with it
     */
    public ServeConfig withPort(int value) {
        return new ServeConfig(target, projectDir, name, bind, value, token, tokenName, allowedOrigins, allowedHosts, maxBody, registry, progressPoll, feedPoll);
    }

    /**
     * This configuration requiring a token.
     *
     * @param value the secret every request must carry, or {@code null} for none
     * @param actor the actor recorded for the token holder's writes that name none
     * @return this configuration with them
     */
    public ServeConfig withToken(String value, String actor) {
        return new ServeConfig(target, projectDir, name, bind, port, value, actor, allowedOrigins, allowedHosts, maxBody, registry, progressPoll, feedPoll);
    }

    /**
     * This configuration allowing more browser origins.
     *
     * @param value browser origins besides the server's own that may call it
     * @return this configuration with them
     */
    public ServeConfig withAllowedOrigins(List<String> value) {
        return new ServeConfig(target, projectDir, name, bind, port, token, tokenName, value, allowedHosts, maxBody, registry, progressPoll, feedPoll);
    }

    /**
     * This configuration answering requests addressed to more host names. Without it only
     * requests whose {@code Host} is {@code localhost}, {@code 127.0.0.1} or {@code [::1]} (any
     * port), or the bound address, are served; every other one gets 403 before any route runs,
     * which is what keeps a web page from reaching the server through DNS rebinding.
     *
     * @param value names as {@code NAME} (any port) or {@code NAME:PORT}, e.g. a public name behind a proxy
     * @return this configuration with them
     */
    public ServeConfig withAllowedHosts(List<String> value) {
        return new ServeConfig(target, projectDir, name, bind, port, token, tokenName, allowedOrigins, value, maxBody, registry, progressPoll, feedPoll);
    }

    /**
     * This configuration with another body limit.
     *
     * @param value the largest request body accepted, in bytes
     * @return this configuration with it
     */
    public ServeConfig withMaxBody(int value) {
        return new ServeConfig(target, projectDir, name, bind, port, token, tokenName, allowedOrigins, allowedHosts, value, registry, progressPoll, feedPoll);
    }

    /**
     * This configuration reading another registry.
     *
     * @param value the original's registry file (read-only; need not exist)
     * @return this configuration with it
     */
    public ServeConfig withRegistry(Path value) {
        return new ServeConfig(target, projectDir, name, bind, port, token, tokenName, allowedOrigins, allowedHosts, maxBody, value, progressPoll, feedPoll);
    }

    /**
     * This configuration looking for changes at other intervals.
     *
     * @param progress how often the progress websocket looks at the counts
     * @param feed how often the change stream looks for new events
     * @return this configuration with them
     */
    public ServeConfig withPolls(Duration progress, Duration feed) {
        return new ServeConfig(target, projectDir, name, bind, port, token, tokenName, allowedOrigins, allowedHosts, maxBody, registry, progress, feed);
    }

    /** {@return the original's registry: {@code ~/.autoforge/registry.db}} */
    static Path defaultRegistry() {
        return Path.of(System.getProperty("user.home"), ".autoforge", "registry.db");
    }

    /** A folder name as a project name: characters the original's name pattern refuses become {@code -}. */
    private static String nameOf(Path dir) {
        String raw = dir.getFileName() == null ? "flow-db" : dir.getFileName().toString();
        String name = raw.replaceAll("[^a-zA-Z0-9_-]", "-");
        return name.length() > 50 ? name.substring(0, 50) : name;
    }
}
