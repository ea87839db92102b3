package dev.flowdb.internal.postgres;

import dev.flowdb.internal.engine.Backend;
import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.migrate.Migrator;
import dev.flowdb.internal.sqlite.SqliteBackend;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.SchemaVersionException;
import dev.flowdb.ValidationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Opens a PostgreSQL database for an {@link Engine}: the two pools (over the JDBC URL, or over the
 * application's own {@code DataSource}), the schema ({@code search_path}) several projects can
 * share one database by, and the PostgreSQL changelog tree ({@value #CHANGELOG}, plain DDL beside
 * the SQLite one), applied by Liquibase under its own lock table, so hosts that open at once
 * migrate once.
 */
public final class PostgresBackend {

    /** The PostgreSQL changelog, beside the SQLite one in flow-db-schema. */
    static final String CHANGELOG = "db/postgresql/changelog.xml";

    /** A schema name flow-db accepts: an unquoted PostgreSQL identifier. */
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

    private PostgresBackend() {
    }

    public static Backend open(Engine.Options options) {
        String where = options.where();
        String schema = options.schema();
        if (schema != null && !SCHEMA.matcher(schema).matches()) {
            throw new ValidationException("schema", "schema must be a lower-case PostgreSQL identifier (letters, digits, _), got '" + schema + "'");
        }
        HikariDataSource writer = null;
        HikariDataSource readers = null;
        try {
            if (!options.readOnly()) {
                writer = pool("flow-db-writer", options, 1, false);
                try (Connection c = writer.getConnection()) {
                    if (schema != null) {
                        try (Statement st = c.createStatement()) {
                            st.execute("create schema if not exists " + schema);
                            st.execute("set search_path to " + schema);
                        }
                    }
                    if (!upToDate(c)) {
                        Migrator.liquibaseUpdate(c, CHANGELOG);
                        c.setAutoCommit(true);
                        try (PreparedStatement ps = c.prepareStatement("insert into flow_meta (key, value) values (?, ?) "
                                + "on conflict (key) do update set value = excluded.value")) {
                            ps.setString(1, Migrator.KEY_CHECKSUM);
                            ps.setString(2, Migrator.expectedChecksum(CHANGELOG));
                            ps.executeUpdate();
                        }
                    }
                }
            }
            readers = pool("flow-db-reader", options, options.readerPoolSize(), true);
            if (options.readOnly()) {
                try (Connection c = readers.getConnection()) {
                    if (!upToDate(c)) {
                        throw new SchemaVersionException(where + (hasTables(c, null) ? " has flow-db tables of an older schema" : " has no flow-db tables yet")
                                + ", and a read-only open cannot change them: open it once for writing");
                    }
                }
            }
            return new Backend(where, PostgresDialect.INSTANCE, new PostgresFeatureRepository(), writer, readers, null, false);
        } catch (Throwable failure) {
            if (readers != null) {
                readers.close();
            }
            if (writer != null) {
                writer.close();
            }
            throw PostgresDialect.INSTANCE.translate(failure, "open " + where);
        }
    }

    /**
     * The fast path of an open: the database records the checksum of the changelog this jar
     * carries, so Liquibase (about half a second of a command's start) need not run.
     */
    private static boolean upToDate(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select to_regclass('flow_meta') is not null")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select value from flow_meta where key = ?")) {
            ps.setString(1, Migrator.KEY_CHECKSUM);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && Migrator.expectedChecksum(CHANGELOG).equals(rs.getString(1));
            }
        }
    }

    /**
     * @param schema the schema to look in, or {@code null} for the connection's current one
     * @return whether flow-db's tables ({@code features}, {@code change_events}) are there
     */
    public static boolean hasTables(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select to_regclass(s || '.features') is not null "
                + "and to_regclass(s || '.change_events') is not null from (select quote_ident(coalesce(?, current_schema())) as s) q")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static HikariDataSource pool(String name, Engine.Options options, int size, boolean readOnly) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        if (options.dataSource() != null) {
            hikari.setDataSource(options.dataSource());
        } else {
            hikari.setJdbcUrl(options.url());
        }
        // a statement waiting for a row or advisory lock gives up after the busy timeout (SQLState 55P03 → busy)
        hikari.setConnectionInitSql("set lock_timeout = " + options.busyTimeout().toMillis()
                + (options.schema() == null ? "" : "; set search_path to " + options.schema()));
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(1);
        hikari.setReadOnly(readOnly);
        if (readOnly) {
            // one snapshot for every statement of a read, as on SQLite (see PostgresDialect.begin)
            hikari.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        }
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(Math.max(SqliteBackend.WRITER_QUEUE_MIN_MILLIS,
                options.busyTimeout().toMillis() + SqliteBackend.WRITER_QUEUE_MARGIN_MILLIS));
        hikari.setInitializationFailTimeout(1);
        hikari.setRegisterMbeans(false);
        return new HikariDataSource(hikari);
    }

    /** @return how messages name a PostgreSQL database: its URL without a password (or "PostgreSQL data source"), and its schema */
    public static String describe(String url, String schema) {
        return (url == null ? "PostgreSQL data source" : redacted(url)) + (schema == null ? "" : " (schema " + schema + ")");
    }

    /** @return {@code url} without a password, for messages */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }
}
