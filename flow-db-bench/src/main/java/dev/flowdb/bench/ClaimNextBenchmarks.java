package dev.flowdb.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Pick-and-claim of the best ready feature, as an agent loop does it: claim the next, mark it
 * passing (which readies its dependents). The database stays open for the whole trial (a
 * long-running agent process); after each iteration the features it passed are marked failing
 * again through the same API, so every iteration starts from the seeded state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClaimNextBenchmarks {

    @Param({"10000"})
    public int size;

    Path seeded;
    Path file;
    Database db;
    FeatureStore store;
    HikariDataSource jdbc;

    final java.util.List<Long> passed = new java.util.ArrayList<>();

    @Setup(Level.Trial)
    public void open() throws Exception {
        file = BenchData.copy(size, Files.createTempDirectory("flowdb-bench"));
        db = Database.open(file);
        store = db.features(Actor.of("bench", "jmh"));
        jdbc = Jdbc.pool(file, 1);
    }

    @TearDown(Level.Iteration)
    public void reset() throws SQLException {
        for (Long id : passed) {
            store.markFailing(id);
        }
        passed.clear();
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
        jdbc.close();
    }

    @Benchmark
    public Optional<Feature> claimNextReady_flowdb() {
        Optional<Feature> next = store.claimNextReady();
        next.ifPresent(f -> {
            store.markPassing(f.id());
            passed.add(f.id());
        });
        return next;
    }

    /** The same SQL readiness test, the best candidate by priority (no score), claimed and passed in two transactions. */
    @Benchmark
    public Feature claimNextReady_jdbc() throws SQLException {
        long id;
        try (Connection c = jdbc.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("begin immediate");
            }
            try (PreparedStatement ps = c.prepareStatement("select f.id from features f where f.passes = 0 and f.in_progress = 0 "
                    + "and f.needs_human_input = 0 and not " + ReadBenchmarks.UNMET + " order by f.priority, f.id limit 1"); ResultSet rs = ps.executeQuery()) {
                id = rs.next() ? rs.getLong(1) : -1;
            }
            try (Statement st = c.createStatement()) {
                st.execute("commit");
            }
        }
        if (id < 0) {
            return null;
        }
        Feature f = WriteBenchmarks.jdbcClaim(jdbc, id);
        try (Connection c = jdbc.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update features set passes = 1, in_progress = 0, claimed_by = null, claimed_at = null where id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        passed.add(id);
        return f;
    }
}
