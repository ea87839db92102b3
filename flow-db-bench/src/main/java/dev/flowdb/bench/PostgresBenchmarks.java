package dev.flowdb.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Actor;
import dev.flowdb.BlockedPage;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.ReadyPage;
import dev.flowdb.schema.TimestampConverter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Point reads, ready and blocked pages and claims on a PostgreSQL backlog of {@code size}
 * features (fsync on), flow-db and its JDBC twin on the same database in the same run. A claim
 * takes a feature nobody holds (ids walk through the open part of the backlog; every iteration
 * starts from the seeded claims).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresBenchmarks {

    @Param({"10000"})
    public int size;

    Database db;
    FeatureStore store;
    HikariDataSource jdbc;
    long id;
    final AtomicLong cursor = new AtomicLong();

    @Setup(Level.Trial)
    public void open() {
        String url = PgBench.copy(size);
        db = Database.open(url);
        store = db.features(Actor.of("bench", "jmh"));
        jdbc = PgBench.pool(url, 4);
    }

    /** Untimed: releases the claims of the previous iteration. */
    @Setup(Level.Iteration)
    public void reset() throws SQLException {
        try (Connection c = jdbc.getConnection(); Statement st = c.createStatement()) {
            st.execute("update features set in_progress = false, claimed_by = null, claimed_at = null where claimed_by = 'bench'");
        }
        cursor.set((long) (size * 0.4));
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
        jdbc.close();
    }

    long nextId() {
        id = id % size + 1;
        return id;
    }

    /** The next open feature; past the end it wraps to features this iteration claimed (refused claims). */
    long nextUnclaimed() {
        long next = cursor.incrementAndGet();
        long first = (long) (size * 0.4);
        return next > size ? first + next % (size - first) : next;
    }

    @Benchmark
    public Feature pgGetById_flowdb() {
        return store.getById(nextId()).orElseThrow();
    }

    @Benchmark
    public Feature pgGetById_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection(); PreparedStatement ps = c.prepareStatement("select " + Jdbc.COLUMNS + " from features where id = ?")) {
            ps.setLong(1, nextId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return PgBench.map(rs);
            }
        }
    }

    @Benchmark
    public ReadyPage pgReady10_flowdb() {
        return store.ready(10);
    }

    /** The readiness SQL, the first ten by priority (it has no scheduling score), and the total. */
    @Benchmark
    public List<Feature> pgReady10_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from features f where " + PgBench.READY); ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<Feature> page = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select " + prefixed() + " from features f where " + PgBench.READY
                    + " order by f.priority, f.id limit 10"); ResultSet rs = ps.executeQuery()) {
                while (rs.next() && total >= 0) {
                    page.add(PgBench.map(rs));
                }
            }
            return page;
        }
    }

    @Benchmark
    public BlockedPage pgBlocked20_flowdb() {
        return store.blocked(20);
    }

    /** The blocked SQL: the total, the first twenty by id. */
    @Benchmark
    public List<Feature> pgBlocked20_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from features f where not f.passes and " + PgBench.UNMET);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<Feature> page = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select " + prefixed() + " from features f where not f.passes and " + PgBench.UNMET
                    + " order by f.id limit 20"); ResultSet rs = ps.executeQuery()) {
                while (rs.next() && total >= 0) {
                    page.add(PgBench.map(rs));
                }
            }
            return page;
        }
    }

    @Benchmark
    public ClaimResult pgClaim_flowdb() {
        return store.claim(nextUnclaimed());
    }

    /** The same transaction by hand: conditional UPDATE … RETURNING and the event INSERT, one commit. */
    @Benchmark
    public Feature pgClaim_jdbc() throws SQLException {
        long target = nextUnclaimed();
        try (Connection c = jdbc.getConnection()) {
            c.setAutoCommit(false);
            try {
                String now = TimestampConverter.format(Instant.now());
                Feature f;
                try (PreparedStatement ps = c.prepareStatement("update features set in_progress = true, claimed_by = ?, claimed_at = ?, "
                        + "claim_renewed_at = null, updated_at = ? where id = ? and not passes and not in_progress and not needs_human_input "
                        + "returning " + Jdbc.COLUMNS)) {
                    ps.setString(1, "bench");
                    ps.setString(2, now);
                    ps.setString(3, now);
                    ps.setLong(4, target);
                    try (ResultSet rs = ps.executeQuery()) {
                        f = rs.next() ? PgBench.map(rs) : null;
                    }
                }
                if (f != null) {
                    Jdbc.insertClaimedEvent(c, f.id(), now);
                }
                c.commit();
                return f;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static String prefixed() {
        return "f." + Jdbc.COLUMNS.replace(", ", ", f.");
    }
}
