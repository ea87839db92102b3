package dev.flowdb.internal.migrate;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.sql.KeptSql;
import dev.flowdb.internal.sqlite.SqliteDialect;
import dev.flowdb.internal.sqlite.SqliteErrors;

import static dev.flowdb.schema.jooq.Tables.FLOW_META;

import dev.flowdb.CorruptDatabaseException;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.SchemaVersionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.LoggerFactory;

/**
 * Brings a file to the current schema: checks it is a SQLite database and not from a newer
 * flow-db, runs the Liquibase changelog only when the recorded checksum differs (the fast path
 * costs two primary-key reads), then applies the repairs the Python original applies at every
 * start.
 */
public final class Migrator {

    /** The schema version this library writes; a file recording a higher one is refused. */
    static final int SCHEMA_VERSION = dev.flowdb.Database.SCHEMA_VERSION;

    static final String CHANGELOG = "db/changelog/db.changelog-master.xml";

    static final String KEY_VERSION = "schema_version";
    public static final String KEY_CHECKSUM = "schema_checksum";

    /** Columns flow-db writes itself; any other NOT NULL column without default gets a neutral value on insert. */
    private static final Set<String> KNOWN_COLUMNS = Set.of("id", "priority", "category", "name", "description", "steps",
            "passes", "in_progress", "dependencies", "needs_human_input", "human_input_request", "human_input_response",
            "created_at", "updated_at", "claimed_by", "claimed_at", "claim_renewed_at");

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Migrator.class);

    /**
     * Liquibase's logger (it logs through java.util.logging), quietened to warnings when Liquibase
     * first runs: a holder, because setting up java.util.logging searches the whole class path for
     * a logger finder (~40 ms of a cold {@code flow-db stats}, which never migrates).
     */
    private static final class LiquibaseLog {
        /** Held so the level survives: java.util.logging keeps loggers only weakly. */
        static final Logger LOGGER = Logger.getLogger("liquibase");

        static {
            LOGGER.setLevel(Level.WARNING);
        }
    }

    private Migrator() {
    }

    /** What the schema is like before anything is changed. */
    public record Probe(boolean hasFeatures, boolean hasMeta, Integer version, String checksum) {

        public boolean isCurrent() {
            return hasMeta && expectedChecksum().equals(checksum) && version != null && version == SCHEMA_VERSION;
        }

        public boolean isEmpty() {
            return !hasFeatures && !hasMeta;
        }
    }

    /**
     * Reads the schema without writing anything; refuses non-SQLite files and newer schemas. Plain
     * JDBC over kept statements, as is everything an open of an up-to-date file runs (no jOOQ
     * context: see {@link Session}).
     */
    public static Probe probe(Connection connection, String where) throws SQLException {
        List<String> tables = strings(connection, "select name from sqlite_master where type = 'table'");
        boolean hasFeatures = tables.contains("features");
        boolean hasMeta = tables.contains("flow_meta");
        Integer version = null;
        String sum = null;
        if (hasMeta) {
            Map<String, String> meta = new HashMap<>();
            try (PreparedStatement ps = prepare(connection, KeptSql.Name.FLOW_META_BY_KEYS)) {
                ps.setString(1, KEY_VERSION);
                ps.setString(2, KEY_CHECKSUM);
                ps.setString(3, KEY_VERSION);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        meta.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            sum = meta.get(KEY_CHECKSUM);
            String v = meta.get(KEY_VERSION);
            if (v != null) {
                try {
                    version = Integer.valueOf(v.trim());
                } catch (NumberFormatException notANumber) {
                    throw new CorruptDatabaseException(where + ": flow_meta.schema_version is not a number: '" + v + "'");
                }
                if (version > SCHEMA_VERSION) {
                    throw new SchemaVersionException(where + " was written by a newer flow-db (schema version " + version
                            + "; this flow-db knows up to " + SCHEMA_VERSION + "): upgrade flow-db to open it");
                }
            }
        }
        return new Probe(hasFeatures, hasMeta, version, sum);
    }

    /** @return the first column of every row of {@code sql} (a statement without binds) */
    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** @return {@code statement}, one of SQLite's kept statements, prepared on {@code connection} */
    private static PreparedStatement prepare(Connection connection, KeptSql.Name statement) throws SQLException {
        return connection.prepareStatement(KeptSql.of(SqliteDialect.INSTANCE).sql(statement));
    }

    /** @return how many rows {@code statement}, a kept SQLite statement without binds, changed */
    private static int update(Connection connection, KeptSql.Name statement) throws SQLException {
        try (PreparedStatement ps = prepare(connection, statement)) {
            return ps.executeUpdate();
        }
    }

    /** @return whether {@code statement}, a kept SQLite query without binds, returns a row */
    private static boolean anyRow(Connection connection, KeptSql.Name statement) throws SQLException {
        try (PreparedStatement ps = prepare(connection, statement);
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Refuses to adopt a damaged file: migrating it could make things worse. */
    public static void checkIntegrity(Connection connection, String where) throws SQLException {
        List<String> problems = strings(connection, "pragma integrity_check");
        if (!(problems.size() == 1 && "ok".equalsIgnoreCase(problems.get(0)))) {
            throw new CorruptDatabaseException(where + ": SQLite integrity check failed (" + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                    + "); try sqlite3 features.db \".recover\"");
        }
    }

    /** Runs the changelog and records what was applied. */
    public static void runChangelog(Connection connection, java.nio.file.Path file, java.time.Clock clock, String where) {
        try (MigrationLock lock = MigrationLock.acquire(file)) {
            lock.releaseStaleLiquibaseLock(connection, clock, where);
            runChangelog(connection, where);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, where + ": checking the schema-migration lock");
        }
    }

    /**
     * Runs Liquibase's update of {@code changelog} on {@code connection}: no analytics, its output
     * to the log, the changelog read from the class path.
     */
    public static void liquibaseUpdate(Connection connection, String changelog) throws Exception {
        LOG.debug("running {} (Liquibase logs at {} and above)", changelog, LiquibaseLog.LOGGER.getLevel());
        liquibase.database.Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(Migrator.class.getClassLoader()));
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        scope.put("liquibase.analytics.enabled", false);
        // the same changelog reachable twice (a fat jar beside the schema jar, an IDE's classes beside
        // the jar) is the same changelog: its checksum is what counts, not which copy is read
        scope.put(liquibase.GlobalConfiguration.DUPLICATE_FILE_MODE.getKey(), liquibase.GlobalConfiguration.DuplicateFileMode.DEBUG);
        Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                .execute());
    }

    private static void runChangelog(Connection connection, String where) {
        long started = System.nanoTime();
        try {
            liquibaseUpdate(connection, CHANGELOG);
        } catch (Exception e) {
            throw SqliteErrors.translate(e, where + ": migrating the schema");
        } finally {
            restoreAutoCommit(connection);
        }
        // a migration already initialised jOOQ (Liquibase's run dwarfs it): the one upsert in the DSL
        DSL.using(connection, SQLDialect.SQLITE, Engine.settings()).insertInto(FLOW_META, FLOW_META.KEY, FLOW_META.VALUE)
                .values(KEY_VERSION, String.valueOf(SCHEMA_VERSION))
                .values(KEY_CHECKSUM, expectedChecksum())
                .onConflict(FLOW_META.KEY).doUpdate().set(FLOW_META.VALUE, DSL.excluded(FLOW_META.VALUE))
                .execute();
        LOG.info("{}: schema migrated in {} ms", where, (System.nanoTime() - started) / 1_000_000);
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "restoring autocommit after migration");
        }
    }

    /** The repair the Python tool runs at every start: NULL flags (hand-written inserts, old files) read as false. */
    public static void repairNullFlags(Connection connection) throws SQLException {
        update(connection, KeptSql.Name.REPAIR_PASSES);
        update(connection, KeptSql.Name.REPAIR_IN_PROGRESS);
        update(connection, KeptSql.Name.REPAIR_NEEDS_HUMAN_INPUT);
    }

    /**
     * Columns that another tool declared NOT NULL without a default and that flow-db does not
     * know (the {@code testing_in_progress} trap of REFERENCE §3.2), each with the neutral value an
     * insert must supply, by column name.
     */
    public static Map<String, Object> insertDefaults(Connection connection) throws SQLException {
        Map<String, Object> defaults = new HashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select name, type from pragma_table_info('features') where \"notnull\" = 1 and dflt_value is null and pk = 0")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (KNOWN_COLUMNS.contains(name)) {
                    continue;
                }
                String type = String.valueOf(rs.getString(2)).toUpperCase(java.util.Locale.ROOT);
                Object neutral;
                if (type.contains("JSON")) {
                    neutral = "[]";
                } else if (type.contains("INT") || type.contains("BOOL") || type.contains("NUM") || type.contains("REAL")
                        || type.contains("DOUB") || type.contains("FLOA") || type.contains("DEC")) {
                    neutral = 0;
                } else {
                    neutral = "";
                }
                defaults.put(name, neutral);
            }
        }
        return Map.copyOf(defaults);
    }

    /** True for the Rust port's {@code change_events}, whose foreign key would cascade a feature's delete to its history. */
    public static boolean hasCascadingEventForeignKey(Connection connection) throws SQLException {
        return anyRow(connection, KeptSql.Name.CASCADING_EVENT_FOREIGN_KEY);
    }

    /** @return the file's text encoding ({@code PRAGMA encoding}) */
    public static String encoding(Connection connection) throws SQLException {
        try (PreparedStatement ps = prepare(connection, KeptSql.Name.ENCODING);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** CRC32 over the master changelog and every file it includes, never 0. */
    public static String expectedChecksum() {
        return expectedChecksum(CHANGELOG);
    }

    /** The checksums of the changelogs, by master file: each is read once per JVM. */
    private static final Map<String, String> CHECKSUMS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param master a master changelog on the class path
     * @return a CRC of it and of every file it includes, in order: what an up-to-date database records
     */
    public static String expectedChecksum(String master) {
        return CHECKSUMS.computeIfAbsent(master, m -> {
            CRC32 crc = new CRC32();
            byte[] bytes = resource(m);
            crc.update(bytes);
            Matcher include = Pattern.compile("<include\\s+file=\"([^\"]+)\"").matcher(new String(bytes, StandardCharsets.UTF_8));
            while (include.find()) {
                crc.update(resource(include.group(1)));
            }
            return Long.toHexString(crc.getValue() | 1L);
        });
    }

    private static byte[] resource(String name) {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new DatabaseAccessException("the changelog resource " + name + " is missing from the class path (flow-db-schema jar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
