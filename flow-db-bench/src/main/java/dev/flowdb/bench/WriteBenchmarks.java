package dev.flowdb.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Actor;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.schema.TimestampConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Claims on a large backlog: each call claims a feature nobody holds (ids walk through the
 * backlog; every iteration starts from a reset backlog), writing its audit event in the same
 * transaction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WriteBenchmarks {

    /** Claims need many unclaimed features per iteration: a fixed large backlog, whatever the pass's sizes. */
    @Param({"100000"})
    public int backlog;

    Path file;
    Database db;
    FeatureStore store;
    HikariDataSource jdbc;
    final AtomicLong cursor = new AtomicLong();
    final AtomicLong wrapped = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        file = BenchData.copy(backlog, Files.createTempDirectory("flowdb-bench"));
        db = Database.open(file);
        store = db.features(Actor.of("bench", "jmh"));
        jdbc = Jdbc.pool(file, 1);
    }

    @Setup(Level.Iteration)
    public void reset() throws SQLException {
        try (Connection c = jdbc.getConnection(); Statement st = c.createStatement()) {
            st.execute("update features set in_progress = 0, claimed_by = null, claimed_at = null where in_progress = 1");
        }
        cursor.set(first());
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
        jdbc.close();
    }

    /**
     * The next feature nobody holds. If an iteration runs long enough to pass the end (a stalled
     * iteration on a busy machine), the ids wrap around to features this iteration already claimed
     * — refused claims, cheaper than real ones — and the iteration's teardown says how many.
     */
    long nextUnclaimed() {
        long id = cursor.incrementAndGet();
        if (id > backlog) {
            wrapped.incrementAndGet();
            return first() + id % (backlog - first());
        }
        return id;
    }

    private long first() {
        return (long) (backlog * 0.4);
    }

    @TearDown(Level.Iteration)
    public void reportWraps() {
        long n = wrapped.getAndSet(0);
        if (n > 0) {
            System.err.println("warning: " + n + " claims of this iteration were of already claimed features (the backlog ran out)");
        }
    }

    @Benchmark
    public ClaimResult claim_flowdb() {
        return store.claim(nextUnclaimed());
    }

    /** The same transaction by hand: BEGIN IMMEDIATE, conditional UPDATE … RETURNING, INSERT of the event, COMMIT. */
    @Benchmark
    public Feature claim_jdbc() throws SQLException {
        return jdbcClaim(jdbc, nextUnclaimed());
    }

    static Feature jdbcClaim(HikariDataSource jdbc, long id) throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("begin immediate");
            }
            String now = TimestampConverter.format(Instant.now());
            Feature f;
            try (PreparedStatement ps = c.prepareStatement("update features set in_progress = 1, claimed_by = ?, claimed_at = ?, updated_at = ? "
                    + "where id = ? and passes = 0 and in_progress = 0 and needs_human_input = 0 returning " + Jdbc.COLUMNS)) {
                ps.setString(1, "bench");
                ps.setString(2, now);
                ps.setString(3, now);
                ps.setLong(4, id);
                try (ResultSet rs = ps.executeQuery()) {
                    f = rs.next() ? Jdbc.map(rs) : null;
                }
            }
            if (f != null) {
                Jdbc.insertClaimedEvent(c, id, now);
            }
            try (Statement st = c.createStatement()) {
                st.execute("commit");
            }
            return f;
        }
    }

    /** Eight threads of one process claiming distinct features through the one writer. */
    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ClaimResult contendedClaims8_flowdb() {
        return store.claim(nextUnclaimed());
    }

    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Feature contendedClaims8_jdbc() throws SQLException {
        return jdbcClaim(jdbc, nextUnclaimed());
    }
}
