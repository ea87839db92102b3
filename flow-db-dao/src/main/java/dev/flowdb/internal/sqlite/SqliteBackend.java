package dev.flowdb.internal.sqlite;

import dev.flowdb.internal.engine.Backend;
import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.migrate.Migrator;
import dev.flowdb.internal.sql.TextColumns;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.FlowDbException;
import dev.flowdb.JournalMode;
import dev.flowdb.ReadOnlyDatabaseException;
import dev.flowdb.SchemaVersionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens a SQLite database for an {@link Engine}: the path checks, the connection settings of the
 * writer and the readers, the migration (or, read-only, the check that none is needed), the
 * journal mode, and the two pools.
 */
public final class SqliteBackend {

    private static final AtomicLong MEMORY_DATABASES = new AtomicLong();

    /** SQLite's page cache per connection, in KiB ({@code PRAGMA cache_size} takes a negative KiB count). */
    static final int PAGE_CACHE_KIB = 64 * 1024;

    /** How much of the file each connection maps into memory ({@code PRAGMA mmap_size}). */
    static final long MMAP_BYTES = 256L * 1024 * 1024;

    /** How much longer than the busy timeout a writer of this JVM queues for the one writer connection. */
    public static final long WRITER_QUEUE_MARGIN_MILLIS = 1_000;

    /** The least a writer of this JVM queues for the writer connection, whatever the busy timeout. */
    public static final long WRITER_QUEUE_MIN_MILLIS = 250;

    private SqliteBackend() {
    }

    /**
     * Opens (and if needed creates and migrates) the database described by {@code options}.
     *
     * @throws FlowDbException classified: corrupt, newer schema, access problems, busy
     */
    public static Backend open(Engine.Options options) {
        Path path = options.path();
        String where = options.where();
        String url;
        Connection anchor = null;
        HikariDataSource writer = null;
        HikariDataSource readers = null;
        try {
            if (path == null) {
                url = "jdbc:sqlite:file:/flowdb-memory-" + MEMORY_DATABASES.incrementAndGet() + "-" + ProcessHandle.current().pid() + "?vfs=memdb";
                // a memdb database lives as long as one connection to it: this one, until close()
                anchor = JDBC.createConnection(url, writerConfig(options, true).toProperties());
            } else {
                url = "jdbc:sqlite:" + preparePath(options);
            }
            Map<String, Object> insertDefaults = Map.of();
            boolean foreignKeys;
            TextColumns text;
            // plain JDBC over kept statements: opening an up-to-date file initialises no jOOQ (see Session)
            try (Connection connection = JDBC.createConnection(url, (options.readOnly() ? readerConfig(options, false) : writerConfig(options, false)).toProperties())) {
                if (options.readOnly()) {
                    checkReadOnlySchema(connection, where);
                } else {
                    insertDefaults = prepareSchema(connection, options, where);
                }
                foreignKeys = !Migrator.hasCascadingEventForeignKey(connection);
                text = TextColumns.forEncoding(Migrator.encoding(connection));
            }
            if (!options.readOnly()) {
                writer = pool("flow-db-writer", url, writerConfig(options, foreignKeys), false, 1, options);
            }
            readers = pool("flow-db-reader", url, readerConfig(options, foreignKeys), true, options.readerPoolSize(), options);
            Connection keep = anchor;
            return new Backend(where, SqliteDialect.INSTANCE, new SqliteFeatureRepository(insertDefaults, text),
                    writer, readers, keep == null ? null : keep::close, true);
        } catch (Throwable failure) {
            if (readers != null) {
                readers.close();
            }
            if (writer != null) {
                writer.close();
            }
            if (anchor != null) {
                try {
                    anchor.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw SqliteErrors.translate(failure, "open " + where);
        }
    }

    private static String preparePath(Engine.Options options) {
        Path path = options.path().toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            throw new DatabaseAccessException("open " + path + ": this is a folder, not a database file; give the path of features.db");
        }
        if (options.readOnly()) {
            if (!Files.isRegularFile(path)) {
                throw new DatabaseAccessException("open " + path + " read-only: there is no such file");
            }
            return path.toString();
        }
        Path parent = path.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException | SecurityException e) {
                throw new DatabaseAccessException("open " + path + ": cannot create the folder " + parent + " (" + e + ")", e);
            }
        }
        if (Files.exists(path) && !Files.isWritable(path)) {
            throw new ReadOnlyDatabaseException("open " + path + ": the file is not writable; open it read-only with Database.builder(path).readOnly(true)");
        }
        return path.toString();
    }

    /**
     * @param foreignKeys {@code PRAGMA foreign_keys}: on, except for files whose
     *        {@code change_events} (the Rust port's) declares {@code ON DELETE CASCADE} to
     *        {@code features} — enforcing it would erase a deleted feature's history, which the
     *        Rust port itself never enforces either
     */
    private static SQLiteConfig commonConfig(Engine.Options options, boolean foreignKeys) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.busyTimeout().toMillis()));
        config.setCacheSize(-PAGE_CACHE_KIB);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(MMAP_BYTES));
        config.enforceForeignKeys(foreignKeys);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
        return config;
    }

    private static SQLiteConfig writerConfig(Engine.Options options, boolean foreignKeys) {
        SQLiteConfig config = commonConfig(options, foreignKeys);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(options.synchronous().name()));
        return config;
    }

    private static SQLiteConfig readerConfig(Engine.Options options, boolean foreignKeys) {
        SQLiteConfig config = commonConfig(options, foreignKeys);
        // opened SQLITE_OPEN_READONLY: a write through db.read(...) fails in SQLite, whatever the SQL
        config.setReadOnly(true);
        return config;
    }

    private static HikariDataSource pool(String name, String url, SQLiteConfig config, boolean readOnly, int size, Engine.Options options) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        // the driver's own DataSource, not a JDBC URL: java.sql.DriverManager, which HikariCP would
        // ask for the driver, first loads every driver of the class path (a ServiceLoader scan that
        // opens every jar, and PostgreSQL's driver), which a short CLI run paid for nothing
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(readOnly ? 1 : size);
        hikari.setReadOnly(readOnly);
        hikari.setAutoCommit(true);
        // writers in this JVM queue here, in order, for up to the busy timeout plus a margin
        hikari.setConnectionTimeout(Math.max(WRITER_QUEUE_MIN_MILLIS, options.busyTimeout().toMillis() + WRITER_QUEUE_MARGIN_MILLIS));
        hikari.setInitializationFailTimeout(1);
        hikari.setRegisterMbeans(false);
        return new HikariDataSource(hikari);
    }

    private static Map<String, Object> prepareSchema(Connection connection, Engine.Options options, String where) throws SQLException {
        Migrator.Probe probe = Migrator.probe(connection, where);
        if (!probe.isCurrent()) {
            if (!probe.isEmpty()) {
                Migrator.checkIntegrity(connection, where);
            }
            setJournalMode(connection, options);
            Migrator.runChangelog(connection, options.path(), options.clock(), where);
        } else {
            setJournalMode(connection, options);
        }
        Migrator.repairNullFlags(connection);
        return Migrator.insertDefaults(connection);
    }

    private static void setJournalMode(Connection connection, Engine.Options options) throws SQLException {
        if (options.path() == null) {
            return;
        }
        JournalMode wanted = options.journalMode();
        if (wanted == JournalMode.AUTO) {
            wanted = NetworkFileSystems.isNetworkPath(options.path()) ? JournalMode.DELETE : JournalMode.WAL;
        }
        try (Statement st = connection.createStatement()) {
            String current;
            try (var rs = st.executeQuery("pragma journal_mode")) {
                current = rs.next() ? rs.getString(1) : "";
            }
            if (!wanted.name().equalsIgnoreCase(current)) {
                st.execute("pragma journal_mode = " + wanted.name());
            }
        }
    }

    private static void checkReadOnlySchema(Connection connection, String where) throws SQLException {
        Migrator.Probe probe = Migrator.probe(connection, where);
        if (!probe.isCurrent()) {
            throw new SchemaVersionException(where + " has not been migrated to this flow-db's schema yet, and a read-only open cannot migrate it: open it once for writing");
        }
    }

}
