package dev.flowdb.bench;

import static dev.flowdb.schema.jooq.Tables.FEATURES;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.PostgresServer;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL side of the benchmarks: one server per JVM with PostgreSQL's default durability
 * (fsync on, synchronous commit on; {@link PostgresServer#durable()}), the backlogs of
 * {@link BenchData#features} seeded once per size into a template database, and a fresh copy of
 * one for each trial; plus what the JDBC twins share (a pool, the readiness SQL, the row mapping).
 */
final class PgBench {

    /** A dependency that names no passing feature: the readiness SQL of the twins (jsonb). */
    static final String UNMET = "exists (select 1 from jsonb_array_elements(case when jsonb_typeof(f.dependencies::jsonb) = 'array' "
            + "then f.dependencies::jsonb else '[]'::jsonb end) d where jsonb_typeof(d) = 'number' and not exists "
            + "(select 1 from features dep where dep.id = (d::text)::numeric::bigint and dep.passes))";

    static final String READY = "not f.passes and not f.in_progress and not f.needs_human_input and not " + UNMET;

    private static PostgresServer server;
    private static final Set<Integer> SEEDED = new HashSet<>();
    private static final AtomicInteger COPIES = new AtomicInteger();

    private PgBench() {
    }

    static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.durable();
        }
        return server;
    }

    /** {@return the URL of a new database holding the seeded backlog of {@code n} features} */
    static synchronized String copy(int n) {
        String template = "seed_" + n;
        if (SEEDED.add(n)) {
            admin("create database " + template);
            try (Database db = Database.open(server().url(template))) {
                BenchData.createInChunks(db, n);
                db.write(tx -> {
                    tx.dsl().update(FEATURES).set(FEATURES.PASSES, true).where(FEATURES.ID.le((long) (n * 0.4))).execute();
                    tx.dsl().update(FEATURES).set(FEATURES.IN_PROGRESS, true).set(FEATURES.CLAIMED_BY, "seed")
                            .where(FEATURES.ID.mod(97L).eq(0L)).and(FEATURES.PASSES.isFalse()).execute();
                    return null;
                });
            }
            admin("vacuum analyze");
        }
        String name = "trial_" + n + "_" + COPIES.incrementAndGet();
        admin("create database " + name + " template " + template);
        return server().url(name);
    }

    /** {@return the URL of a new database with flow-db's tables and no rows} */
    static String empty() {
        return server().freshUrl();
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(server().adminUrl()); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A pool over the same database for a twin: what a hand-written JDBC DAO would use. */
    static HikariDataSource pool(String url, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName("jdbc-baseline-pg");
        return new HikariDataSource(hikari);
    }

    static Feature map(ResultSet rs) throws SQLException {
        return new Feature(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Json.parseStrings(rs.getString(6)), rs.getBoolean(7), rs.getBoolean(8), Json.parseIntegers(rs.getString(9)),
                rs.getBoolean(10), rs.getString(11), rs.getString(12), rs.getString(13), TimestampConverter.parse(rs.getString(14)),
                TimestampConverter.parse(rs.getString(15)), TimestampConverter.parse(rs.getString(16)), TimestampConverter.parse(rs.getString(17)));
    }
}
