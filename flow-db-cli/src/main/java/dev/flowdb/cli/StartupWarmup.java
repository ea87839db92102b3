package dev.flowdb.cli;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.migrate.Migrator;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static dev.flowdb.schema.jooq.Tables.FLOW_META;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Prepares, on a second thread, what a short-lived process needs before its first query, while
 * its main thread does its own start-up (parsing a command line, building an MCP server):
 * SQLite's native library and driver, HikariCP, jOOQ's type registry and renderer, the generated
 * tables and the schema checksum. It reads and writes no file but the native library cache of
 * {@link SqliteNativeCache}, and opens no database but a private in-memory one.
 *
 * <p>Why: each of these parts costs tens of milliseconds the first time a JVM runs it (class
 * initialisation and cold code, even with every class in a class-data archive), one after the
 * other on the main thread; the machines agents run on have at least two cores. Measured on the
 * 2-core VM of BENCHMARKS.md ("Start-up"): see there for what it bought.
 *
 * <p>A caller must {@link #await()} before it touches SQLite, jOOQ or the library itself, so that
 * no class is initialised by both threads at once (jOOQ's type classes initialise one another,
 * and two threads starting that cycle from different ends would wait on each other for ever).
 * Every failure here is ignored: the main thread then does the same work itself, as without the
 * warm-up. Part of the command line's start-up kit: the library never starts it.
 */
final class StartupWarmup {

    /** A warm-up that was never started: {@link #await()} returns at once. */
    public static final StartupWarmup NONE = new StartupWarmup(List.of(), false);

    private final List<Thread> threads;

    /** Whether one of the threads warms jOOQ up. */
    private final boolean jooq;

    private StartupWarmup(List<Thread> threads, boolean jooq) {
        this.threads = threads;
        this.jooq = jooq;
    }

    /**
     * Starts the warm-up on daemon threads: one for SQLite and HikariCP and, if {@code jooq}, one
     * for jOOQ (they share no class, so neither waits for the other); {@code FLOW_DB_WARMUP=0} or
     * {@code -Dflowdb.warmup=false} turns it off ({@link #NONE}).
     *
     * @param jooq whether the command will use jOOQ: a command that runs only kept statements
     *        (see {@link Session}) never initialises it, and a jOOQ warm-up would only take the
     *        second core from the SQLite one and from the main thread
     * @return the handle to {@link #await()} on
     */
    public static StartupWarmup start(boolean jooq) {
        if ("0".equals(System.getenv("FLOW_DB_WARMUP")) || "false".equals(System.getProperty("flowdb.warmup"))) {
            return NONE;
        }
        Thread sqlite = new Thread(StartupWarmup::warmSqlite, "flow-db-warmup-sqlite");
        List<Thread> threads = jooq ? List.of(new Thread(StartupWarmup::warmJooq, "flow-db-warmup-jooq"), sqlite) : List.of(sqlite);
        for (Thread thread : threads) {
            thread.setDaemon(true);
            thread.start();
        }
        return new StartupWarmup(threads, jooq);
    }

    /**
     * Opens every jar of the class path, on the calling thread, by asking for a resource no jar
     * holds: jOOQ's settings file, which jOOQ itself asks for when it first makes a configuration.
     * A resource that is not there is searched for in every jar, and the first such search opens
     * them all (~40 ms for the CLI's ~50 jars); done here, on the main thread while it would
     * otherwise wait, it is off the jOOQ warm-up's path, which then finds the jars open. Call it
     * right after {@link #start}; it does nothing when the warm-up is off or has no jOOQ part.
     */
    public void openClassPath() {
        if (jooq) {
            StartupWarmup.class.getResource("/jooq-settings.xml");
        }
    }

    /** Waits until the warm-up has finished (at once if it has, or was never started). */
    public void await() {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** jOOQ's type registry and renderer, the generated tables, the schema checksum. */
    private static void warmJooq() {
        try {
            DSLContext ctx = DSL.using(SQLDialect.SQLITE, Engine.settings());
            ctx.render(ctx.select(FLOW_META.KEY, FLOW_META.VALUE).from(FLOW_META).where(FLOW_META.KEY.in("a", "b")));
            ctx.render(ctx.selectFrom(FEATURES).where(FEATURES.ID.eq(0L)).orderBy(FEATURES.PRIORITY, FEATURES.ID));
            Migrator.expectedChecksum();
        } catch (Exception | LinkageError ignored) {
            // the main thread does this work itself
        }
    }

    /** SQLite's native library and driver, a connection with the library's settings, a HikariCP pool. */
    private static void warmSqlite() {
        try {
            SqliteNativeCache.install();
            HikariConfig config = new HikariConfig();
            config.setPoolName("flow-db-warmup");
            // as SqliteBackend does: the driver's DataSource, so DriverManager is never asked
            SQLiteDataSource source = new SQLiteDataSource(new SQLiteConfig());
            source.setUrl("jdbc:sqlite::memory:");
            config.setDataSource(source);
            config.setMaximumPoolSize(1);
            config.setRegisterMbeans(false);
            try (HikariDataSource pool = new HikariDataSource(config); Connection borrowed = pool.getConnection();
                 Statement st = borrowed.createStatement(); ResultSet rs = st.executeQuery("select name from sqlite_master")) {
                rs.next();
            }
        } catch (Exception | LinkageError ignored) {
            // the main thread does this work itself
        }
    }
}
