package dev.flowdb.internal.engine;

import dev.flowdb.internal.picture.Backlog;
import dev.flowdb.internal.picture.PictureCache;
import dev.flowdb.internal.picture.FeatureListCache;
import dev.flowdb.internal.postgres.PostgresBackend;
import dev.flowdb.internal.sql.Dialect;
import dev.flowdb.internal.sql.FeatureRepository;
import dev.flowdb.internal.sqlite.SqliteBackend;

import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Actor;
import dev.flowdb.Feature;
import dev.flowdb.FlowDbException;
import dev.flowdb.IllegalUseException;
import dev.flowdb.JournalMode;
import dev.flowdb.ReadOnlyDatabaseException;
import dev.flowdb.SynchronousMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running core behind a {@code Database}: the two pools of its {@link Backend} and the
 * transaction discipline (one writer, opened with the dialect's write {@code BEGIN}; snapshot
 * reads on the read-only pool; a write on a thread that already writes joins that transaction),
 * plus the two process-wide caches keyed by the backend's change counters.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final ThreadLocal<Tx> CURRENT = new ThreadLocal<>();

    /**
     * Everything a {@code Database.Builder} decided. A SQLite database has a {@code path} (or none:
     * in memory); a PostgreSQL one a JDBC {@code url} or an application's {@code dataSource}, and
     * optionally the {@code schema} it lives in.
     */
    public record Options(Path path, String url, javax.sql.DataSource dataSource, String schema, boolean readOnly,
                          Duration busyTimeout, int readerPoolSize, SynchronousMode synchronous, JournalMode journalMode,
                          Clock clock, Actor defaultActor) {

        /** @return whether these options name a PostgreSQL database */
        public boolean isPostgres() {
            return url != null || dataSource != null;
        }

        /** @return how messages name the database */
        public String where() {
            if (isPostgres()) {
                return PostgresBackend.describe(url, schema);
            }
            return path == null ? "in-memory database" : path.toString();
        }
    }

    /** An open write transaction: its session, what its statements changed, what runs after its commit. */
    public static final class Tx {
        private final Engine engine;
        private final Session session;
        private final List<Runnable> afterCommit = new ArrayList<>(2);
        private PictureCache.Pending pending;

        private Tx(Engine engine, Session session) {
            this.engine = engine;
            this.session = session;
        }

        /** @return the transaction's connection, and its jOOQ context on first use */
        public Session session() {
            return session;
        }

        /** @return the transaction's jOOQ context (bound to the writer connection), made on the first call */
        public DSLContext dsl() {
            return session.dsl();
        }

        /** @return the engine the transaction belongs to */
        public Engine engine() {
            return engine;
        }

        /** Runs {@code action} once the transaction has committed (never after a rollback). */
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        /** @return what this transaction's statements changed, for the scheduling picture */
        public PictureCache.Pending pending() {
            return pending;
        }
    }

    /**
     * A checked exception of a caller's callback, carried through the transaction machinery
     * (which rolls back and never classifies it) and rethrown as it is by {@link #writeChecked}
     * and {@link #readChecked}.
     */
    private static final class CallerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallerFailure(Exception cause) {
            super(cause);
        }

        @SuppressWarnings("unchecked")
        <X extends Exception> X cause() {
            return (X) getCause();
        }
    }

    /**
     * A caller's callback that may throw a checked exception of its own choosing.
     *
     * @param <A> what it is given
     * @param <T> what it returns
     * @param <X> what it may throw
     */
    @FunctionalInterface
    public interface CheckedWork<A, T, X extends Exception> {
        /**
         * @param arg the transaction or context
         * @return the result
         * @throws X the callback's own failure
         */
        T apply(A arg) throws X;
    }

    /**
     * {@link #write} for a caller's callback: its checked exception rolls the transaction back and
     * reaches the caller unchanged.
     */
    public <T, X extends Exception> T writeChecked(CheckedWork<Tx, T, X> work) throws X {
        try {
            return write(tx -> carry(work, tx));
        } catch (CallerFailure failure) {
            throw failure.<X>cause();
        }
    }

    /** {@link #read} for a caller's callback: its checked exception reaches the caller unchanged. */
    public <T, X extends Exception> T readChecked(CheckedWork<Session, T, X> work) throws X {
        try {
            return read(ctx -> carry(work, ctx));
        } catch (CallerFailure failure) {
            throw failure.<X>cause();
        }
    }

    private static <A, T, X extends Exception> T carry(CheckedWork<A, T, X> work, A arg) {
        try {
            return work.apply(arg);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CallerFailure(e);
        }
    }

    private final Options options;
    private final Backend backend;
    private final String where;
    private final Dialect dialect;
    /** jOOQ's configuration of every context, made when the first context is (see {@link Session}). */
    private volatile Configuration baseConfiguration;
    private final StatementCache statements = new StatementCache();
    private final PictureCache backlog;
    private final FeatureListCache featureList;
    private volatile boolean closed;

    private Engine(Options options, Backend backend) {
        this.options = options;
        this.backend = backend;
        this.where = backend.where();
        this.dialect = backend.dialect();
        this.backlog = backend.repository().newPictureCache();
        this.featureList = new FeatureListCache(backend.repository());
    }

    /**
     * Opens (and if needed creates and migrates) the database described by {@code options}.
     *
     * @param options what the builder decided
     * @return the engine
     * @throws FlowDbException classified: corrupt, newer schema, access problems, busy
     */
    public static Engine open(Options options) {
        return new Engine(options, options.isPostgres() ? PostgresBackend.open(options) : SqliteBackend.open(options));
    }

    /** @return the jOOQ settings every context of every backend uses: no logging, no schema or catalog names */
    public static Settings settings() {
        return new Settings()
                .withExecuteLogging(false)
                .withDiagnosticsLogging(false)
                .withRenderSchema(false)
                .withFetchWarnings(false)
                .withRenderCatalog(false);
    }

    /** @return the options this engine was opened with */
    public Options options() {
        return options;
    }

    /** @return the statements of this engine's backend */
    public FeatureRepository repository() {
        return backend.repository();
    }

    /** @return the shared scheduling picture */
    public PictureCache backlog() {
        return backlog;
    }

    /** @return the current time of the clock, at the millisecond precision of the stored text */
    public Instant now() {
        return Instant.now(options.clock()).truncatedTo(ChronoUnit.MILLIS);
    }

    /** @return the transaction open on this thread for this engine, or {@code null} */
    Tx currentTransaction() {
        Tx tx = CURRENT.get();
        return tx != null && tx.engine == this ? tx : null;
    }

    /**
     * Runs {@code work} in a write transaction on the single writer connection, or inside the
     * transaction this thread already has open.
     */
    public <T> T write(Function<Tx, T> work) {
        Tx joined = currentTransaction();
        if (joined != null) {
            return work.apply(joined);
        }
        checkOpen();
        HikariDataSource writer = backend.writer();
        if (writer == null) {
            throw new ReadOnlyDatabaseException(where + " was opened read-only: writes are refused");
        }
        if (CURRENT.get() != null) {
            throw new IllegalUseException("a write transaction of another flow-db Database is open on this thread: finish it first, or use its Transaction");
        }
        Connection pooled;
        Connection connection;
        try {
            pooled = writer.getConnection();
        } catch (SQLException e) {
            throw dialect.translate(e, "write to " + where);
        }
        try {
            connection = wrap(pooled);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(pooled);
            throw dialect.rethrow(e, "write to " + where);
        }
        boolean begun = false;
        try {
            dialect.begin(connection, true);
            begun = true;
            Tx tx = new Tx(this, session(connection));
            // the committed versions this transaction starts from (no other writer can move them until COMMIT)
            tx.pending = backlog.begin(tx.session);
            CURRENT.set(tx);
            T result = work.apply(tx);
            backlog.beforeCommit(tx);
            dialect.commit(connection);
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
            throw failure instanceof CallerFailure caller ? caller : dialect.rethrow(failure, "write to " + where);
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
    public <T> T read(Function<Session, T> work) {
        Tx joined = currentTransaction();
        if (joined != null) {
            return work.apply(joined.session());
        }
        checkOpen();
        try (Connection pooled = backend.readers().getConnection()) {
            Connection connection = wrap(pooled);
            boolean begun = false;
            try {
                dialect.begin(connection, false);
                begun = true;
                T result = work.apply(session(connection));
                dialect.commit(connection);
                begun = false;
                return result;
            } finally {
                if (begun) {
                    rollback(backend.readers(), pooled, connection);
                }
            }
        } catch (Throwable failure) {
            throw failure instanceof CallerFailure caller ? caller : dialect.rethrow(failure, "read " + where);
        }
    }

    /**
     * Runs a single-statement read on a read-only connection in autocommit (one statement is
     * its own snapshot; no BEGIN/COMMIT round trip); inside a write transaction, runs in it.
     */
    public <T> T readOne(Function<Session, T> work) {
        Tx joined = currentTransaction();
        if (joined != null) {
            return work.apply(joined.session());
        }
        checkOpen();
        try (Connection pooled = backend.readers().getConnection()) {
            return work.apply(session(wrap(pooled)));
        } catch (Throwable failure) {
            throw failure instanceof CallerFailure caller ? caller : dialect.rethrow(failure, "read " + where);
        }
    }

    /**
     * Answers {@code query} from the scheduling picture at the versions {@code ctx} sees (see
     * {@link PictureCache#query}).
     */
    public <T> T withBacklog(Session ctx, Function<Backlog, T> query) {
        return backlog.query(ctx, currentTransaction(), query);
    }

    /** @return every feature, by priority then id, as an unmodifiable list (see {@link FeatureListCache}) */
    public List<Feature> allFeatures() {
        return read(ctx -> featureList.all(ctx, currentTransaction() != null));
    }

    /** @return a session over {@code connection}, whose jOOQ context is made only if something asks for it */
    private Session session(Connection connection) {
        return new Session(connection, () -> DSL.using(configuration().derive(new DefaultConnectionProvider(connection))));
    }

    private Configuration configuration() {
        Configuration made = baseConfiguration;
        if (made == null) {
            baseConfiguration = made = new DefaultConfiguration().set(dialect.jooqDialect()).set(settings());
        }
        return made;
    }

    /** @return the connection jOOQ and the repository get: with kept statements where the backend wants them */
    private Connection wrap(Connection pooled) throws SQLException {
        return backend.keepStatements() ? statements.wrap(pooled) : pooled;
    }

    private void rollback(HikariDataSource pool, Connection pooled, Connection connection) {
        try {
            dialect.rollback(connection);
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
            throw new IllegalUseException(where + " is closed");
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
        if (backend.readers() != null) {
            backend.readers().close();
        }
        if (backend.writer() != null) {
            backend.writer().close();
        }
        if (backend.alsoClose() != null) {
            try {
                backend.alsoClose().close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", where, e);
            }
        }
    }
}
