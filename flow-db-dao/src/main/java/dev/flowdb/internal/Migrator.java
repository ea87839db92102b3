package dev.flowdb.internal;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static dev.flowdb.schema.jooq.Tables.FLOW_META;

import dev.flowdb.CorruptDatabaseException;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.SchemaVersionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
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
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.LoggerFactory;

/**
 * Brings a file to the current schema: checks it is a SQLite database and not from a newer
 * flow-db, runs the Liquibase changelog only when the recorded checksum differs (the fast path
 * costs two primary-key reads), then applies the repairs the Python original applies at every
 * start.
 */
final class Migrator {

    /** The schema version this library writes; a file recording a higher one is refused. */
    static final int SCHEMA_VERSION = dev.flowdb.Database.SCHEMA_VERSION;

    static final String CHANGELOG = "db/changelog/db.changelog-master.xml";

    static final String KEY_VERSION = "schema_version";
    static final String KEY_CHECKSUM = "schema_checksum";

    /** Columns flow-db writes itself; any other NOT NULL column without default gets a neutral value on insert. */
    private static final Set<String> KNOWN_COLUMNS = Set.of("id", "priority", "category", "name", "description", "steps",
            "passes", "in_progress", "dependencies", "needs_human_input", "human_input_request", "human_input_response",
            "created_at", "updated_at", "claimed_by", "claimed_at", "claim_renewed_at");

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Migrator.class);

    /** Held so the level survives: java.util.logging keeps loggers only weakly. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private Migrator() {
    }

    /** What the schema is like before anything is changed. */
    record Probe(boolean hasFeatures, boolean hasMeta, Integer version, String checksum) {

        boolean isCurrent() {
            return hasMeta && expectedChecksum().equals(checksum) && version != null && version == SCHEMA_VERSION;
        }

        boolean isEmpty() {
            return !hasFeatures && !hasMeta;
        }
    }

    /** Reads the schema without writing anything; refuses non-SQLite files and newer schemas. */
    static Probe probe(DSLContext ctx, String where) {
        List<String> tables = ctx.resultQuery("select name from sqlite_master where type = 'table'")
                .fetch(0, String.class);
        boolean hasFeatures = tables.contains("features");
        boolean hasMeta = tables.contains("flow_meta");
        Integer version = null;
        String sum = null;
        if (hasMeta) {
            Map<String, String> meta = ctx.select(FLOW_META.KEY, FLOW_META.VALUE).from(FLOW_META)
                    .where(FLOW_META.KEY.in(KEY_VERSION, KEY_CHECKSUM))
                    .fetchMap(FLOW_META.KEY, FLOW_META.VALUE);
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

    /** Refuses to adopt a damaged file: migrating it could make things worse. */
    static void checkIntegrity(DSLContext ctx, String where) {
        List<String> problems = ctx.resultQuery("pragma integrity_check").fetch(0, String.class);
        if (!(problems.size() == 1 && "ok".equalsIgnoreCase(problems.get(0)))) {
            throw new CorruptDatabaseException(where + ": SQLite integrity check failed (" + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                    + "); try sqlite3 features.db \".recover\"");
        }
    }

    /** Runs the changelog and records what was applied. */
    static void runChangelog(Connection connection, DSLContext ctx, java.nio.file.Path file, java.time.Clock clock, String where) {
        try (MigrationLock lock = MigrationLock.acquire(file)) {
            lock.releaseStaleLiquibaseLock(connection, clock, where);
            runChangelog(connection, ctx, where);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, where + ": checking the schema-migration lock");
        }
    }

    /**
     * Runs Liquibase's update of {@code changelog} on {@code connection}: no analytics, its output
     * to the log, the changelog read from the class path.
     */
    static void liquibaseUpdate(Connection connection, String changelog) throws Exception {
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

    private static void runChangelog(Connection connection, DSLContext ctx, String where) {
        long started = System.nanoTime();
        try {
            liquibaseUpdate(connection, CHANGELOG);
        } catch (Exception e) {
            throw SqliteErrors.translate(e, where + ": migrating the schema");
        } finally {
            restoreAutoCommit(connection);
        }
        ctx.insertInto(FLOW_META, FLOW_META.KEY, FLOW_META.VALUE)
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
    static void repairNullFlags(DSLContext ctx) {
        ctx.update(FEATURES).set(FEATURES.PASSES, false).where(FEATURES.PASSES.isNull()).execute();
        ctx.update(FEATURES).set(FEATURES.IN_PROGRESS, false).where(FEATURES.IN_PROGRESS.isNull()).execute();
        ctx.update(FEATURES).set(FEATURES.NEEDS_HUMAN_INPUT, false).where(FEATURES.NEEDS_HUMAN_INPUT.isNull()).execute();
    }

    /**
     * Columns that another tool declared NOT NULL without a default and that flow-db does not
     * know (the {@code testing_in_progress} trap of REFERENCE §3.2), each with the neutral value an
     * insert must supply.
     */
    static Map<Field<Object>, Object> insertDefaults(DSLContext ctx) {
        Map<Field<Object>, Object> defaults = new HashMap<>();
        for (var row : ctx.resultQuery("select name, type from pragma_table_info('features') where \"notnull\" = 1 and dflt_value is null and pk = 0")) {
            String name = row.get(0, String.class);
            if (KNOWN_COLUMNS.contains(name)) {
                continue;
            }
            String type = String.valueOf(row.get(1, String.class)).toUpperCase(java.util.Locale.ROOT);
            Object neutral;
            if (type.contains("JSON")) {
                neutral = "[]";
            } else if (type.contains("INT") || type.contains("BOOL") || type.contains("NUM") || type.contains("REAL")
                    || type.contains("DOUB") || type.contains("FLOA") || type.contains("DEC")) {
                neutral = 0;
            } else {
                neutral = "";
            }
            defaults.put(DSL.field(DSL.name(FEATURES.getName(), name), SQLDataType.OTHER), neutral);
        }
        return Map.copyOf(defaults);
    }

    /** True for the Rust port's {@code change_events}, whose foreign key would cascade a feature's delete to its history. */
    static boolean hasCascadingEventForeignKey(DSLContext ctx) {
        return ctx.fetchExists(DSL.selectOne().from(DSL.table("pragma_foreign_key_list('change_events')"))
                .where(DSL.field(DSL.name("table")).eq("features")));
    }

    /** CRC32 over the master changelog and every file it includes, never 0. */
    static String expectedChecksum() {
        return expectedChecksum(CHANGELOG);
    }

    /** The checksums of the changelogs, by master file: each is read once per JVM. */
    private static final Map<String, String> CHECKSUMS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param master a master changelog on the class path
     * @return a CRC of it and of every file it includes, in order: what an up-to-date database records
     */
    static String expectedChecksum(String master) {
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
