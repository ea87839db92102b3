package dev.flowdb.internal.engine;

import dev.flowdb.internal.postgres.PostgresBackend;
import dev.flowdb.internal.store.Validation;

import dev.flowdb.Database;
import dev.flowdb.ValidationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the command line and the MCP server find their database: a SQLite file path, or a
 * PostgreSQL URL in libpq's form ({@code postgresql://user:password@host:5432/db?schema=proj},
 * also {@code postgres://}) or pgjdbc's ({@code jdbc:postgresql://host/db?user=…}). The
 * {@code schema} parameter becomes {@link Database.Builder#schema(String)}; the others pass to pgjdbc.
 *
 * @param path the SQLite file, or {@code null}
 * @param jdbcUrl the pgjdbc URL, or {@code null}
 * @param schema the PostgreSQL schema, or {@code null}
 */
public record DatabaseTarget(Path path, String jdbcUrl, String schema) {

    /** The environment variable that names the database when no {@code --db} is given. */
    public static final String ENV = "FLOW_DB_URL";

    /**
     * @param value what the user gave
     * @return the target
     * @throws ValidationException for a PostgreSQL URL without a host or database
     */
    public static DatabaseTarget parse(String value) {
        Validation.notNull("db", value);
        if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
            return fromLibpq(value.substring(value.indexOf("://") + 3));
        }
        if (value.startsWith("jdbc:postgresql:")) {
            return withSchemaParameter(value);
        }
        return new DatabaseTarget(Path.of(value), null, null);
    }

    private static DatabaseTarget fromLibpq(String rest) {
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@', rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.charAt(slash + 1) == '?') {
            throw new ValidationException("db", "a PostgreSQL URL names a host and a database: postgresql://[user[:password]@]host[:port]/database");
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(rest);
        List<String> extra = new ArrayList<>();
        if (user != null && !user.isEmpty()) {
            extra.add("user=" + URLEncoder.encode(decode(user), StandardCharsets.UTF_8));
        }
        if (password != null) {
            extra.add("password=" + URLEncoder.encode(decode(password), StandardCharsets.UTF_8));
        }
        if (!extra.isEmpty()) {
            url.append(rest.contains("?") ? '&' : '?').append(String.join("&", extra));
        }
        return withSchemaParameter(url.toString());
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static DatabaseTarget withSchemaParameter(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        if (q < 0) {
            return new DatabaseTarget(null, jdbcUrl, null);
        }
        String schema = null;
        List<String> kept = new ArrayList<>();
        for (String parameter : jdbcUrl.substring(q + 1).split("&")) {
            if (parameter.startsWith("schema=")) {
                schema = decode(parameter.substring("schema=".length()));
            } else if (!parameter.isEmpty()) {
                kept.add(parameter);
            }
        }
        String base = jdbcUrl.substring(0, q);
        return new DatabaseTarget(null, kept.isEmpty() ? base : base + "?" + String.join("&", kept), schema);
    }

    /** @return whether this is a PostgreSQL database */
    public boolean isPostgres() {
        return jdbcUrl != null;
    }

    /**
     * @return whether a backlog is there already: the file exists, or the schema (the URL's
     *     default one when none is named) holds flow-db's tables; a server that cannot be reached
     *     counts as no backlog (opening it then says why)
     */
    public boolean exists() {
        if (!isPostgres()) {
            return java.nio.file.Files.exists(path);
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl)) {
            return PostgresBackend.hasTables(c, schema);
        } catch (java.sql.SQLException unreachable) {
            return false;
        }
    }

    /** @return a builder for it */
    public Database.Builder builder() {
        if (!isPostgres()) {
            return Database.builder(path);
        }
        Database.Builder builder = Database.builder(jdbcUrl);
        return schema == null ? builder : builder.schema(schema);
    }

    /** @return how messages name it (a path, or the URL without its password) */
    public String describe() {
        return isPostgres() ? PostgresBackend.describe(jdbcUrl, schema) : path.toString();
    }
}
