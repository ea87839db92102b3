package dev.flowdb.internal;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static dev.flowdb.schema.jooq.Tables.FLOW_STATUS_LOG;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Actor;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.Feature;
import dev.flowdb.FlowDbException;
import dev.flowdb.JournalMode;
import dev.flowdb.ReadOnlyDatabaseException;
import dev.flowdb.SchemaVersionException;
import dev.flowdb.SynchronousMode;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The running core behind a {@code Database}: the two pools, the migration at open, and the
 * transaction discipline (one writer, {@code BEGIN IMMEDIATE}; snapshot reads on the read-only
 * pool; a write on a thread that already writes joins that transaction).
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final AtomicLong MEMORY_DATABASES = new AtomicLong();
    private static final ThreadLocal<Tx> CURRENT = new ThreadLocal<>();

    /** How many status-log entries are kept for catching up; older ones are pruned. */
    static final long STATUS_LOG_KEPT = 20_000;
    private static final long STATUS_LOG_PRUNE_EVERY = 1_024;

    /** Everything a {@code Database.Builder} decided. */
    public record Options(Path path, boolean readOnly, Duration busyTimeout, int readerPoolSize,
                          SynchronousMode synchronous, JournalMode journalMode, Clock clock, Actor defaultActor) {
    }

    /** An open write transaction: its jOOQ context and the actor it runs for. */
    public static final class Tx {
        private final Engine engine;
        private final DSLContext dsl;
        private final List<Runnable> afterCommit = new ArrayList<>(2);
        private final List<Backlog.Delta> deltas = new ArrayList<>(2);
        private boolean graphChanged;
        private Versions start;

        private Tx(Engine engine, DSLContext dsl) {
            this.engine = engine;
            this.dsl = dsl;
        }

        /** @return the transaction's jOOQ context (bound to the writer connection) */
        public DSLContext dsl() {
            return dsl;
        }

        /** @return the engine the transaction belongs to */
        public Engine engine() {
            return engine;
        }

        /** Runs {@code action} once the transaction has committed (never after a rollback). */
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        /** Records that one UPDATE of this transaction set a feature's flags to these values. */
        void statusChanged(Backlog.Delta delta) {
            deltas.add(delta);
        }

        /** Records that this transaction changed ids, priorities or dependencies. */
        void graphChanged() {
            graphChanged = true;
        }
    }

    private final Options options;
    private final String where;
    private final Settings settings;
    private final Configuration baseConfiguration;
    private final HikariDataSource writer;
    private final HikariDataSource readers;
    private final Connection anchor;
    private final String insertFeatureSql;
    private final StatementCache statements = new StatementCache();
    private volatile boolean closed;
    private volatile Backlog backlog;
    private volatile SoftReference<KeptList> keptList = new SoftReference<>(null);

    /** Lists of every feature are kept (see {@link #allFeatures()}) up to this many features. */
    static final int KEPT_LIST_LIMIT = 10_000;

    /** Every feature as of one triple of versions. */
    private record KeptList(Versions versions, List<Feature> features) {
    }

    /** The versions a snapshot reads from {@code flow_meta}. */
    record Versions(long graph, long status, long content) {

        /** @return whether the backlog picture of {@code other} is this one's (contents aside) */
        boolean sameGraphAndStatus(Versions other) {
            return other != null && graph == other.graph && status == other.status;
        }
    }

    private Engine(Options options, String where, Settings settings, HikariDataSource writer, HikariDataSource readers,
                   Connection anchor, Map<Field<Object>, Object> insertDefaults, TextColumns text) {
        this.options = options;
        this.where = where;
        this.settings = settings;
        this.baseConfiguration = new DefaultConfiguration().set(SQLDialect.SQLITE).set(settings);
        this.baseConfiguration.data(TextColumns.KEY, text);
        this.writer = writer;
        this.readers = readers;
        this.anchor = anchor;
        this.insertFeatureSql = KeptQueries.insertFeature(insertDefaults);
    }

    /**
     * Opens (and if needed creates and migrates) the database described by {@code options}.
     *
     * @throws FlowDbException classified: corrupt, newer schema, access problems, busy
     */
    public static Engine open(Options options) {
        Path path = options.path();
        String where = path == null ? "in-memory database" : path.toString();
        Settings settings = new Settings()
                .withExecuteLogging(false)
                .withDiagnosticsLogging(false)
                .withRenderSchema(false)
                .withFetchWarnings(false)
                .withRenderCatalog(false);
        String url;
        Connection anchor = null;
        HikariDataSource writer = null;
        HikariDataSource readers = null;
        try {
            if (path == null) {
                url = "jdbc:sqlite:file:/flowdb-memory-" + MEMORY_DATABASES.incrementAndGet() + "-" + ProcessHandle.current().pid() + "?vfs=memdb";
                // a memdb database lives as long as one connection to it: this one, until close()
                anchor = DriverManager.getConnection(url, writerConfig(options, true).toProperties());
            } else {
                url = "jdbc:sqlite:" + preparePath(options);
            }
            Map<Field<Object>, Object> insertDefaults = Map.of();
            boolean foreignKeys;
            TextColumns text;
            try (Connection connection = DriverManager.getConnection(url, (options.readOnly() ? readerConfig(options, false) : writerConfig(options, false)).toProperties())) {
                DSLContext ctx = DSL.using(connection, SQLDialect.SQLITE, settings);
                if (options.readOnly()) {
                    checkReadOnlySchema(ctx, where);
                } else {
                    insertDefaults = prepareSchema(connection, ctx, options, where);
                }
                foreignKeys = !Migrator.hasCascadingEventForeignKey(ctx);
                text = TextColumns.forEncoding(ctx.select(DSL.field(DSL.name("encoding"), String.class))
                        .from(DSL.table(DSL.name("pragma_encoding"))).fetchOne(0, String.class));
            }
            if (!options.readOnly()) {
                writer = pool("flow-db-writer", url, writerConfig(options, foreignKeys), false, 1, options);
            }
            readers = pool("flow-db-reader", url, readerConfig(options, foreignKeys), true, options.readerPoolSize(), options);
            return new Engine(options, where, settings, writer, readers, anchor, insertDefaults, text);
        } catch (Throwable failure) {
            closeQuietly(readers);
            closeQuietly(writer);
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

    private static String preparePath(Options options) {
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
    private static SQLiteConfig commonConfig(Options options, boolean foreignKeys) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.busyTimeout().toMillis()));
        config.setCacheSize(-65536);                 // 64 MiB page cache per connection
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(256L * 1024 * 1024));
        config.enforceForeignKeys(foreignKeys);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
        return config;
    }

    private static SQLiteConfig writerConfig(Options options, boolean foreignKeys) {
        SQLiteConfig config = commonConfig(options, foreignKeys);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(options.synchronous().name()));
        return config;
    }

    private static SQLiteConfig readerConfig(Options options, boolean foreignKeys) {
        SQLiteConfig config = commonConfig(options, foreignKeys);
        // opened SQLITE_OPEN_READONLY: a write through db.read(...) fails in SQLite, whatever the SQL
        config.setReadOnly(true);
        return config;
    }

    private static HikariDataSource pool(String name, String url, SQLiteConfig config, boolean readOnly, int size, Options options) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(url);
        hikari.setDriverClassName("org.sqlite.JDBC");
        Properties properties = config.toProperties();
        hikari.setDataSourceProperties(properties);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(readOnly ? 1 : size);
        hikari.setReadOnly(readOnly);
        hikari.setAutoCommit(true);
        // writers in this JVM queue here, in order, for up to the busy timeout plus a margin
        hikari.setConnectionTimeout(Math.max(250, options.busyTimeout().toMillis() + 1_000));
        hikari.setInitializationFailTimeout(1);
        hikari.setRegisterMbeans(false);
        return new HikariDataSource(hikari);
    }

    private static Map<Field<Object>, Object> prepareSchema(Connection connection, DSLContext ctx, Options options, String where) throws SQLException {
        Migrator.Probe probe = Migrator.probe(ctx, where);
        if (!probe.isCurrent()) {
            if (!probe.isEmpty()) {
                Migrator.checkIntegrity(ctx, where);
            }
            setJournalMode(connection, options);
            Migrator.runChangelog(connection, ctx, options.path(), options.clock(), where);
        } else {
            setJournalMode(connection, options);
        }
        Migrator.repairNullFlags(ctx);
        return Migrator.insertDefaults(ctx);
    }

    private static void setJournalMode(Connection connection, Options options) throws SQLException {
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

    private static void checkReadOnlySchema(DSLContext ctx, String where) {
        Migrator.Probe probe = Migrator.probe(ctx, where);
        if (!probe.isCurrent()) {
            throw new SchemaVersionException(where + " has not been migrated to this flow-db's schema yet, and a read-only open cannot migrate it: open it once for writing");
        }
    }

    /** @return the options this engine was opened with */
    public Options options() {
        return options;
    }

    /** @return the clock every timestamp comes from */
    public Clock clock() {
        return options.clock();
    }

    /** @return the kept single-row INSERT of a new feature for this file (see {@link KeptQueries#insertFeature}) */
    String insertFeatureSql() {
        return insertFeatureSql;
    }

    /** @return the transaction open on this thread for this engine, or {@code null} */
    public Tx currentTransaction() {
        Tx tx = CURRENT.get();
        return tx != null && tx.engine == this ? tx : null;
    }

    /**
     * Runs {@code work} in a write transaction ({@code BEGIN IMMEDIATE} on the single writer
     * connection), or inside the transaction this thread already has open.
     */
    public <T> T write(Function<Tx, T> work) {
        Tx joined = currentTransaction();
        if (joined != null) {
            return work.apply(joined);
        }
        checkOpen();
        if (writer == null) {
            throw new ReadOnlyDatabaseException(where + " was opened read-only: writes are refused");
        }
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a write transaction of another flow-db Database is open on this thread");
        }
        Connection pooled;
        Connection connection;
        try {
            pooled = writer.getConnection();
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "write to " + where);
        }
        try {
            connection = statements.wrap(pooled);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(pooled);
            throw SqliteErrors.rethrow(e, "write to " + where);
        }
        Tx tx = null;
        boolean begun = false;
        try {
            execute(connection, "BEGIN IMMEDIATE");
            begun = true;
            tx = new Tx(this, DSL.using(baseConfiguration.derive(new DefaultConnectionProvider(connection))));
            // the committed versions this transaction starts from (no other writer can move them until COMMIT)
            tx.start = versions(tx.dsl);
            CURRENT.set(tx);
            T result = work.apply(tx);
            if (!tx.deltas.isEmpty() && !tx.graphChanged && tx.start != null) {
                Versions end = versions(tx.dsl);
                // each recorded delta is one UPDATE that fired the status trigger once; anything else
                // (a raw update through tx.dsl()) shows as a difference, and the picture is not advanced
                if (end != null && end.graph() == tx.start.graph() && end.status() == tx.start.status() + tx.deltas.size()) {
                    List<Backlog.Delta> deltas = List.copyOf(tx.deltas);
                    Versions start = tx.start;
                    tx.afterCommit(() -> applyDeltas(end, start.status(), deltas));
                }
                if (end != null && end.status() % STATUS_LOG_PRUNE_EVERY < tx.deltas.size()) {
                    tx.dsl.deleteFrom(FLOW_STATUS_LOG).where(FLOW_STATUS_LOG.VERSION.le(end.status() - STATUS_LOG_KEPT)).execute();
                }
            }
            execute(connection, "COMMIT");
            begun = false;
            CURRENT.remove();
            for (Runnable action : tx.afterCommit) {
                action.run();
            }
            return result;
        } catch (Throwable failure) {
            if (begun) {
                rollback(writer, pooled, connection);
            }
            throw SqliteErrors.rethrow(failure, "write to " + where);
        } finally {
            CURRENT.remove();
            closeQuietly(pooled);
        }
    }

    /**
     * Runs {@code work} on a read-only connection inside one read transaction, so every query it
     * makes sees the same snapshot; on a thread with an open write transaction, runs inside it
     * (and so sees its uncommitted changes).
     */
    public <T> T read(Function<DSLContext, T> work) {
        Tx joined = currentTransaction();
        if (joined != null) {
            return work.apply(joined.dsl());
        }
        checkOpen();
        try (Connection pooled = readers.getConnection()) {
            Connection connection = statements.wrap(pooled);
            boolean begun = false;
            try {
                execute(connection, "BEGIN");
                begun = true;
                T result = work.apply(DSL.using(baseConfiguration.derive(new DefaultConnectionProvider(connection))));
                execute(connection, "COMMIT");
                begun = false;
                return result;
            } finally {
                if (begun) {
                    rollback(readers, pooled, connection);
                }
            }
        } catch (Throwable failure) {
            throw SqliteErrors.rethrow(failure, "read " + where);
        }
    }

    /**
     * Runs a single-statement read on a read-only connection in autocommit (one statement is
     * its own snapshot; no BEGIN/COMMIT round trip); inside a write transaction, runs in it.
     */
    public <T> T readOne(Function<DSLContext, T> work) {
        Tx joined = currentTransaction();
        if (joined != null) {
            return work.apply(joined.dsl());
        }
        checkOpen();
        try (Connection pooled = readers.getConnection()) {
            return work.apply(DSL.using(baseConfiguration.derive(new DefaultConnectionProvider(statements.wrap(pooled)))));
        } catch (Throwable failure) {
            throw SqliteErrors.rethrow(failure, "read " + where);
        }
    }

    /** Runs a transaction verb ({@code BEGIN}, {@code COMMIT}, …); on a wrapped connection, as a kept statement. */
    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.execute();
        }
    }

    private void rollback(HikariDataSource pool, Connection pooled, Connection connection) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            LOG.warn("rollback on {} failed; evicting the connection", where, e);
            pool.evictConnection(pooled);
        }
    }

    private static void closeQuietly(Connection pooled) {
        try {
            pooled.close();
        } catch (SQLException e) {
            LOG.warn("returning a connection to its pool failed", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(where + " is closed");
        }
    }

    /** @return true once {@link #close()} has run */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        statements.close();
        closeQuietly(readers);
        closeQuietly(writer);
        if (anchor != null) {
            try {
                anchor.close();
            } catch (SQLException e) {
                LOG.warn("closing the in-memory anchor connection failed", e);
            }
        }
    }

    private static void closeQuietly(HikariDataSource pool) {
        if (pool != null) {
            pool.close();
        }
    }

    /**
     * Every feature, by priority then id, as an unmodifiable list. The list read last is kept
     * (softly, and only up to {@value #KEPT_LIST_LIMIT} features) with the three versions of its
     * snapshot; while none of them has moved — triggers move one on every change of a feature,
     * by any writer — it is the answer, and reading it costs one read of the versions.
     */
    public List<Feature> allFeatures() {
        return read(ctx -> {
            Versions v = currentTransaction() == null ? versions(ctx) : null;
            boolean keepable = v != null && v.content() >= 0;
            KeptList kept = keptList.get();
            if (keepable && kept != null && kept.versions().equals(v)) {
                return kept.features();
            }
            List<Feature> all = Collections.unmodifiableList(KeptQueries.allFeatures(ctx));
            if (keepable && all.size() <= KEPT_LIST_LIMIT) {
                keptList = new SoftReference<>(new KeptList(v, all));
            }
            return all;
        });
    }

    /** The versions this snapshot sees, or {@code null} for a file without them (then nothing is cached). */
    static Versions versions(DSLContext ctx) {
        long[] v = KeptQueries.versions(ctx);
        return v == null ? null : new Versions(v[0], v[1], v[2]);
    }

    /**
     * Whether {@code stats} should build the scheduling picture: yes once it exists or from the
     * second {@code stats} on; the first, in a process without a picture, is answered by one
     * aggregate query, since a process that asks once (a CLI command) would build it for nothing.
     */
    boolean statsBuildsBacklog() {
        return backlog != null || !firstStats.compareAndSet(true, false);
    }

    private final java.util.concurrent.atomic.AtomicBoolean firstStats = new java.util.concurrent.atomic.AtomicBoolean(true);

    /**
     * Answers {@code query} from the picture of the backlog at this snapshot's versions: the
     * shared one if it is at exactly those versions, else one built from this snapshot (shared
     * once it is known to be committed).
     */
    <T> T withBacklog(DSLContext ctx, Function<Backlog, T> query, Function<Long, Backlog.Graph> graphLoader,
                      java.util.function.BiFunction<Backlog.Graph, Long, Backlog> statusLoader) {
        Versions v = versions(ctx);
        Tx tx = currentTransaction();
        // a read snapshot, or a write transaction that has changed nothing yet, sees committed data only
        boolean committed = tx == null || v != null && v.sameGraphAndStatus(tx.start);
        Backlog shared = backlog;
        if (v != null && shared != null && shared.graph.version == v.graph()) {
            shared.lock.readLock().lock();
            try {
                if (shared.statusVersion() == v.status()) {
                    return query.apply(shared);
                }
            } finally {
                shared.lock.readLock().unlock();
            }
            if (committed) {
                shared.lock.writeLock().lock();
                try {
                    if (shared.statusVersion() < v.status()) {
                        catchUp(ctx, shared, v.status());
                    }
                    if (shared.statusVersion() == v.status()) {
                        return query.apply(shared);
                    }
                } finally {
                    shared.lock.writeLock().unlock();
                }
            }
        }
        Backlog.Graph graph = v != null && shared != null && shared.graph.version == v.graph()
                ? shared.graph : graphLoader.apply(v == null ? -1 : v.graph());
        Backlog built = statusLoader.apply(graph, v == null ? -1 : v.status());
        T result = query.apply(built);
        if (v != null) {
            if (committed && tx == null) {
                offer(built);
            } else if (committed) {
                tx.afterCommit(() -> offer(built));
            }
        }
        return result;
    }

    /**
     * Moves the shared picture forward to {@code target} using the status log: the features other
     * writers changed since, re-read as they are now. Leaves it as it was when the log has been
     * pruned past its version or the gap is too large to be worth it.
     */
    private static void catchUp(DSLContext ctx, Backlog shared, long target) {
        long from = shared.statusVersion();
        if (target - from > STATUS_LOG_KEPT / 2) {
            return;
        }
        List<Long> changed = ctx.select(FLOW_STATUS_LOG.FEATURE_ID).from(FLOW_STATUS_LOG)
                .where(FLOW_STATUS_LOG.VERSION.gt(from)).and(FLOW_STATUS_LOG.VERSION.le(target))
                .fetch(FLOW_STATUS_LOG.FEATURE_ID);
        if (changed.size() != target - from) {
            return;
        }
        List<Backlog.Delta> deltas = new ArrayList<>();
        ctx.select(FEATURES.ID, FEATURES.PASSES, FEATURES.IN_PROGRESS, FEATURES.NEEDS_HUMAN_INPUT).from(FEATURES)
                .where(FEATURES.ID.in(new java.util.TreeSet<>(changed)))
                .forEach(r -> deltas.add(new Backlog.Delta(r.value1(), Boolean.TRUE.equals(r.value2()),
                        Boolean.TRUE.equals(r.value3()), Boolean.TRUE.equals(r.value4()))));
        shared.apply(deltas, target);
    }

    private synchronized void offer(Backlog built) {
        Backlog current = backlog;
        if (current == null || built.graph.version > current.graph.version
                || built.graph.version == current.graph.version && built.statusVersion() > current.statusVersion()) {
            backlog = built;
        }
    }

    private void applyDeltas(Versions end, long start, List<Backlog.Delta> deltas) {
        Backlog current = backlog;
        if (current == null || current.graph.version != end.graph()) {
            return;
        }
        current.lock.writeLock().lock();
        try {
            if (current.statusVersion() == start) {
                current.apply(deltas, end.status());
            }
        } finally {
            current.lock.writeLock().unlock();
        }
    }

    /** @return the settings every jOOQ context of this engine uses */
    public Settings settings() {
        return settings;
    }
}
