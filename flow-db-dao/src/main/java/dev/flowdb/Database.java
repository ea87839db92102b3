package dev.flowdb;

import dev.flowdb.internal.store.Validation;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.events.EventLogImpl;
import dev.flowdb.internal.store.FeatureStoreImpl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * A flow-db database: one SQLite file (or an in-memory database) with a single writer
 * connection and a pool of read-only connections. The only thing a caller must close.
 *
 * <pre>{@code
 * try (Database db = Database.open(Path.of(".autoforge/features.db"))) {   // creates and migrates as needed
 *     FeatureStore features = db.features(Actor.of("coder-2", "mcp"));
 *     Feature f = features.create(new NewFeature("auth", "Login form", "…", List.of("open /login")));
 *     features.claim(f.id());
 *     int passing = db.read(ctx -> ctx.fetchCount(FEATURES, FEATURES.PASSES.isTrue()));
 * }
 * }</pre>
 *
 * <p><b>Concurrency.</b> Thread-safe. Writes of this process queue, in order, for the one writer
 * connection and run as {@code BEGIN IMMEDIATE} transactions, so a read-modify-write is never
 * interleaved with another writer, in this process or any other (the Python tool included).
 * Reads run on read-only connections, each in its own snapshot, and never wait for the writer
 * (WAL mode). A {@code write} or {@code read} inside a {@code write} on the same thread joins the
 * open transaction; nothing inside a write borrows a second connection.
 *
 * <p><b>Durability.</b> By default WAL with {@code synchronous=NORMAL}: a committed change survives
 * any process crash; after a power loss or OS crash the last commits may be lost (never the file).
 * {@link Builder#synchronous(SynchronousMode) synchronous(FULL)} makes every commit survive power
 * loss at the price of an fsync per commit.
 */
public final class Database implements AutoCloseable {

    /**
     * The schema version this library writes into {@code flow_meta}; a file that records a higher
     * one (written by a newer flow-db) is refused with {@link SchemaVersionException}. Columns added
     * in place (nullable, so older readers are unaffected) do not move it.
     */
    public static final int SCHEMA_VERSION = 1;

    /** Default time to wait for a lock held by another connection or process: 10 seconds. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    /** Default number of read-only connections: 4. */
    public static final int DEFAULT_READER_POOL_SIZE = 4;

    private final Engine engine;

    private Database(Engine engine) {
        this.engine = engine;
    }

    /**
     * Opens a database file with the default options, creating it (and its folders) if it does
     * not exist, and bringing its schema up to date. Files written by the Python autocoder, its
     * TypeScript or Rust port are adopted in place; the originals can go on using them.
     *
     * @param path the file, e.g. {@code .autoforge/features.db}
     * @return the open database
     * @throws CorruptDatabaseException if the file is not a SQLite database or is damaged
     * @throws SchemaVersionException if the file comes from a newer flow-db
     * @throws DatabaseAccessException if the path is a folder, cannot be created or is not writable
     * @throws DatabaseBusyException if another process keeps it locked past the busy timeout
     */
    public static Database open(Path path) {
        return builder(path).open();
    }

    /**
     * Opens a fresh, private in-memory database (for tests and tools). It has the same schema,
     * the same writer/readers split, and disappears on {@link #close()}.
     *
     * @return the open database
     */
    public static Database openInMemory() {
        return inMemoryBuilder().open();
    }

    /**
     * A builder for the options of opening {@code path}.
     *
     * @param path the database file
     * @return a builder for a file database with non-default options
     */
    public static Builder builder(Path path) {
        return new Builder(Validation.notNull("path", path));
    }

    /** {@return a builder for an in-memory database with non-default options} */
    public static Builder inMemoryBuilder() {
        return new Builder(null);
    }

    /**
     * Opens (and if needed creates the tables of) a backlog in PostgreSQL, for agents on several
     * hosts. The URL is pgjdbc's, e.g. {@code jdbc:postgresql://db.internal/flow?user=flow&password=…};
     * the user needs to create tables in the schema on the first open, and to read and write them.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL
     * @return the open database
     * @throws ValidationException if the URL is not a PostgreSQL JDBC URL
     * @throws DatabaseAccessException if the server cannot be reached or refuses
     */
    public static Database open(String jdbcUrl) {
        return builder(jdbcUrl).open();
    }

    /**
     * A builder for a PostgreSQL backlog ({@link Builder#schema(String)} puts it into a schema of
     * its own, so several projects can share one database).
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL
     * @return the builder
     * @throws ValidationException if the URL is not a PostgreSQL JDBC URL
     */
    public static Builder builder(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new ValidationException("jdbcUrl", "a PostgreSQL JDBC URL starts with jdbc:postgresql:, got "
                    + (jdbcUrl == null ? "null" : "'" + jdbcUrl.replaceAll("(?i)password=[^&]*", "password=***") + "'"));
        }
        return new Builder(null, jdbcUrl, null);
    }

    /**
     * A builder for a PostgreSQL backlog over a {@code DataSource} the application owns (its pool,
     * its credentials); flow-db takes at most {@code 1 + readerPoolSize} connections from it and
     * never closes it.
     *
     * @param dataSource connections to a PostgreSQL database
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(null, null, Validation.notNull("dataSource", dataSource));
    }

    /** {@return the feature store acting for the default actor (see {@link Builder#defaultActor(Actor)})} */
    public FeatureStore features() {
        return features(engine.options().defaultActor());
    }

    /**
     * The domain verbs, acting for {@code actor}.
     *
     * @param actor who acts: recorded in every change event
     * @return the feature store acting for {@code actor}; each call is its own transaction (or joins the
     *         write transaction open on this thread)
     */
    public FeatureStore features(Actor actor) {
        return features(actor, EntryRules.STANDARD);
    }

    /**
     * The domain verbs, acting for {@code actor} under another entry point's rules (see
     * {@link EntryRules}: a front end standing in for the original's REST router takes
     * {@link EntryRules#ORIGINAL_REST}).
     *
     * @param actor who acts: recorded in every change event
     * @param rules whose rules the verbs apply where the original's entry points differ
     * @return the feature store; each call is its own transaction (or joins the write transaction
     *         open on this thread)
     */
    @Beta
    public FeatureStore features(Actor actor, EntryRules rules) {
        return new FeatureStoreImpl(engine, Validation.notNull("actor", actor), Validation.notNull("rules", rules));
    }

    /** {@return the audit log, logging custom events for the default actor} */
    public EventLog events() {
        return events(engine.options().defaultActor());
    }

    /**
     * The audit log, logging custom events for {@code actor}.
     *
     * @param actor who logs custom events
     * @return the audit log
     */
    public EventLog events(Actor actor) {
        return new EventLogImpl(engine, Validation.notNull("actor", actor));
    }

    /**
     * Runs {@code work} in one write transaction for the default actor.
     *
     * <pre>{@code
     * Feature next = db.write(tx -> tx.features().claimNextReady().orElseThrow());
     * }</pre>
     *
     * @param work the work; a failure rolls everything back
     * @param <T> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X the work's own checked exception, unchanged, after the rollback
     * @throws ReadOnlyDatabaseException if the database was opened read-only
     * @throws DatabaseBusyException if the write lock could not be had within the busy timeout
     */
    public <T, X extends Exception> T write(WriteWork<T, X> work) throws X {
        return write(engine.options().defaultActor(), work);
    }

    /**
     * Runs {@code work} in one write transaction for {@code actor}.
     *
     * @param actor who acts
     * @param work the work; a failure rolls everything back
     * @param <T> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X the work's own checked exception, unchanged, after the rollback
     * @throws ReadOnlyDatabaseException if the database was opened read-only
     * @throws DatabaseBusyException if the write lock could not be had within the busy timeout
     */
    public <T, X extends Exception> T write(Actor actor, WriteWork<T, X> work) throws X {
        Validation.notNull("actor", actor);
        Validation.notNull("work", work);
        return engine.writeChecked(tx -> work.run(new TransactionImpl(tx, actor)));
    }

    /**
     * Runs {@code work} in one write transaction for the default actor, for work that returns nothing.
     *
     * <pre>{@code
     * db.useWrite(tx -> { tx.features().skip(3); tx.features().addDependency(4, 3); });
     * }</pre>
     *
     * @param work the work; a failure rolls everything back
     * @param <X> the checked exception the work may throw
     * @throws X the work's own checked exception, unchanged, after the rollback
     * @throws ReadOnlyDatabaseException if the database was opened read-only
     * @throws DatabaseBusyException if the write lock could not be had within the busy timeout
     */
    public <X extends Exception> void useWrite(WriteUse<X> work) throws X {
        useWrite(engine.options().defaultActor(), work);
    }

    /**
     * Runs {@code work} in one write transaction for {@code actor}, for work that returns nothing.
     *
     * @param actor who acts
     * @param work the work; a failure rolls everything back
     * @param <X> the checked exception the work may throw
     * @throws X the work's own checked exception, unchanged, after the rollback
     * @throws ReadOnlyDatabaseException if the database was opened read-only
     * @throws DatabaseBusyException if the write lock could not be had within the busy timeout
     */
    public <X extends Exception> void useWrite(Actor actor, WriteUse<X> work) throws X {
        Validation.notNull("work", work);
        write(actor, tx -> {
            work.run(tx);
            return null;
        });
    }

    /**
     * Runs {@code work} on a read-only connection in one snapshot. Any jOOQ query over the
     * generated tables ({@code dev.flowdb.schema.jooq.Tables}) can be used.
     *
     * <pre>{@code
     * int passing = db.read(ctx -> ctx.fetchCount(FEATURES, FEATURES.PASSES.isTrue()));
     * }</pre>
     *
     * @param work the work
     * @param <T> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X the work's own checked exception, unchanged
     */
    public <T, X extends Exception> T read(ReadWork<T, X> work) throws X {
        Validation.notNull("work", work);
        return engine.readChecked(session -> work.run(session.dsl()));
    }

    /**
     * Runs {@code work} on a read-only connection in one snapshot, for work that returns nothing.
     *
     * @param work the work
     * @param <X> the checked exception the work may throw
     * @throws X the work's own checked exception, unchanged
     */
    public <X extends Exception> void useRead(ReadUse<X> work) throws X {
        Validation.notNull("work", work);
        read(ctx -> {
            work.run(ctx);
            return null;
        });
    }

    /** {@return the database file, or {@code null} for an in-memory database} */
    public Path path() {
        return engine.options().path();
    }

    /** {@return true if opened read-only: every write is refused} */
    public boolean isReadOnly() {
        return engine.options().readOnly();
    }

    /** Closes both pools; an in-memory database is gone afterwards. Idempotent. */
    @Override
    public void close() {
        engine.close();
    }

    private final class TransactionImpl implements Transaction {
        private final Engine.Tx tx;
        private final Actor actor;

        TransactionImpl(Engine.Tx tx, Actor actor) {
            this.tx = tx;
            this.actor = actor;
        }

        @Override
        public DSLContext dsl() {
            return tx.dsl();
        }

        @Override
        public Actor actor() {
            return actor;
        }

        @Override
        public FeatureStore features() {
            return Database.this.features(actor);
        }

        @Override
        public FeatureStore features(Actor other) {
            return Database.this.features(other);
        }

        @Override
        public EventLog events() {
            return Database.this.events(actor);
        }
    }

    /**
     * Options for opening a database. Each {@link #open()} opens a new database with the options
     * set so far; the builder can be changed and used again afterwards, which does not affect a
     * database already opened. Not thread-safe.
     */
    public static final class Builder {
        private final Path path;
        private final String url;
        private final DataSource dataSource;
        private String schema;
        private boolean readOnly;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private int readerPoolSize = DEFAULT_READER_POOL_SIZE;
        private SynchronousMode synchronous = SynchronousMode.NORMAL;
        private JournalMode journalMode = JournalMode.AUTO;
        private Clock clock = Clock.systemUTC();
        private Actor defaultActor = Actor.DEFAULT;

        private Builder(Path path) {
            this(path, null, null);
        }

        private Builder(Path path, String url, DataSource dataSource) {
            this.path = path;
            this.url = url;
            this.dataSource = dataSource;
        }

        /**
         * Puts a PostgreSQL backlog into its own schema (created if missing), so several projects
         * can share one database; without it the connection's {@code search_path} decides.
         *
         * @param value a lower-case PostgreSQL identifier
         * @return this builder
         * @throws ValidationException if this builder is for a SQLite file
         */
        public Builder schema(String value) {
            if (url == null && dataSource == null) {
                throw new ValidationException("schema", "a schema applies to PostgreSQL only; a SQLite file is its own namespace");
            }
            this.schema = value;
            return this;
        }

        /**
         * Opens read-only.
         *
         * @param value open read-only: no migration, every write refused (SQLite-level read-only connections)
         * @return this builder
         */
        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        /**
         * Sets the busy timeout.
         *
         * @param value how long to wait for a lock held by another connection (default {@link #DEFAULT_BUSY_TIMEOUT})
         * @return this builder
         * @throws ValidationException if negative
         */
        public Builder busyTimeout(Duration value) {
            if (value == null || value.isNegative()) {
                throw new ValidationException("busyTimeout", "busyTimeout must be zero or positive");
            }
            this.busyTimeout = value;
            return this;
        }

        /**
         * Sets the number of read-only connections.
         *
         * @param value number of read-only connections, at least 1 (default {@link #DEFAULT_READER_POOL_SIZE})
         * @return this builder
         * @throws ValidationException if below 1
         */
        public Builder readerPoolSize(int value) {
            if (value < 1) {
                throw new ValidationException("readerPoolSize", "readerPoolSize must be at least 1, got " + value);
            }
            this.readerPoolSize = value;
            return this;
        }

        /**
         * Sets the durability of commits.
         *
         * @param value durability of commits (default {@link SynchronousMode#NORMAL})
         * @return this builder
         */
        public Builder synchronous(SynchronousMode value) {
            this.synchronous = Validation.notNull("synchronous", value);
            return this;
        }

        /**
         * Sets the journal mode.
         *
         * @param value journal mode to set on open (default {@link JournalMode#AUTO}: WAL, or DELETE on network file systems)
         * @return this builder
         */
        public Builder journalMode(JournalMode value) {
            this.journalMode = Validation.notNull("journalMode", value);
            return this;
        }

        /**
         * Sets the clock.
         *
         * @param value where every timestamp (events, claims, created/updated) comes from (default UTC system clock)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Validation.notNull("clock", value);
            return this;
        }

        /**
         * Sets the default actor.
         *
         * @param value the actor of {@link Database#features()}, {@link Database#events()} and {@link Database#write(WriteWork)}
         * @return this builder
         */
        public Builder defaultActor(Actor value) {
            this.defaultActor = Validation.notNull("defaultActor", value);
            return this;
        }

        /**
         * Opens the database.
         *
         * @return the open database
         * @throws CorruptDatabaseException if the file is not a SQLite database or is damaged
         * @throws SchemaVersionException if the file comes from a newer flow-db, or needs migrating and this is a read-only open
         * @throws DatabaseAccessException if the path is a folder, cannot be created, or is not accessible
         * @throws DatabaseBusyException if another process keeps it locked past the busy timeout
         */
        public Database open() {
            if (path == null && url == null && dataSource == null && readOnly) {
                throw new ValidationException("readOnly", "an in-memory database cannot be opened read-only: it would always be empty");
            }
            return new Database(Engine.open(new Engine.Options(path, url, dataSource, schema, readOnly, busyTimeout,
                    readerPoolSize, synchronous, journalMode, clock, defaultActor)));
        }
    }
}
