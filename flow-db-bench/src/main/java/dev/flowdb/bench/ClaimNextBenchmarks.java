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
 * Pick-and-claim of the best ready feature, as an agent loop does it. {@code claimNextReady}
 * times the pick-and-claim alone: before each call (untimed) the feature the previous call
 * claimed is marked passing, which readies its dependents, so the ready set never runs dry.
 * {@code claimNextAndPass} times the whole loop step, claim and pass. The database stays open
 * for the trial (a long-running agent process); after each iteration the features it passed are
 * marked failing again, so every iteration starts from the seeded state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClaimNextBenchmarks {

    static final String PASS = "update features set passes = 1, in_progress = 0, claimed_by = null, claimed_at = null where id = ?";
    static final String FAIL = "update features set passes = 0, in_progress = 0, claimed_by = null, claimed_at = null where id = ?";

    @Param({"10000"})
    public int size;

    Path file;
    Database db;
    FeatureStore store;
    HikariDataSource jdbc;

    final java.util.List<Long> passed = new java.util.ArrayList<>();
    long claimedByFlowDb;
    long claimedByJdbc;

    @Setup(Level.Trial)
    public void open() throws Exception {
        file = BenchData.copy(size, Files.createTempDirectory("flowdb-bench"));
        db = Database.open(file);
        store = db.features(Actor.of("bench", "jmh"));
        jdbc = Jdbc.pool(file, 1);
    }

    /**
     * Untimed: pass what the previous pick-and-claim took, and once a tenth of the backlog has
     * been passed, start again from the seeded state, so the ready set never runs dry.
     */
    @Setup(Level.Invocation)
    public void beforeEachCall() throws SQLException {
        passPrevious();
        if (passed.size() >= size / 10) {
            reset();
        }
    }

    private void passPrevious() throws SQLException {
        if (claimedByFlowDb > 0) {
            store.markPassing(claimedByFlowDb);
            passed.add(claimedByFlowDb);
            claimedByFlowDb = 0;
        }
        if (claimedByJdbc > 0) {
            update(PASS, claimedByJdbc);
            passed.add(-claimedByJdbc);
            claimedByJdbc = 0;
        }
    }

    @TearDown(Level.Iteration)
    public void reset() throws SQLException {
        passPrevious();
        for (Long id : passed) {
            if (id > 0) {
                store.markFailing(id);
            } else {
                update(FAIL, -id);
            }
        }
        passed.clear();
    }

    private void update(String sql, long id) throws SQLException {
        try (Connection c = jdbc.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
        jdbc.close();
    }

    @Benchmark
    public Feature claimNextReady_flowdb() {
        Feature next = store.claimNextReady().orElseThrow(ClaimNextBenchmarks::ranDry);
        claimedByFlowDb = next.id();
        return next;
    }

    static IllegalStateException ranDry() {
        return new IllegalStateException("no feature was ready: the benchmark must reset its backlog sooner");
    }

    /** The same SQL readiness test, the best candidate by priority (no score), claimed with its event. */
    @Benchmark
    public Feature claimNextReady_jdbc() throws SQLException {
        Feature f = claimBestByJdbc();
        claimedByJdbc = f.id();
        return f;
    }

    @Benchmark
    public Feature claimNextAndPass_flowdb() {
        Feature next = store.claimNextReady().orElseThrow(ClaimNextBenchmarks::ranDry);
        store.markPassing(next.id());
        passed.add(next.id());
        return next;
    }

    @Benchmark
    public Feature claimNextAndPass_jdbc() throws SQLException {
        Feature f = claimBestByJdbc();
        update(PASS, f.id());
        passed.add(-f.id());
        return f;
    }

    /** Picks the best ready feature with the readiness SQL, then claims it with its event. */
    private Feature claimBestByJdbc() throws SQLException {
        long id = bestReadyByJdbc();
        if (id < 0) {
            throw ranDry();
        }
        Feature claimed = WriteBenchmarks.jdbcClaim(jdbc, id);
        if (claimed == null) {
            throw new IllegalStateException("feature " + id + " was ready but could not be claimed");
        }
        return claimed;
    }

    private long bestReadyByJdbc() throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("begin immediate");
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("select f.id from features f where f.passes = 0 and f.in_progress = 0 "
                    + "and f.needs_human_input = 0 and not " + ReadBenchmarks.UNMET + " order by f.priority, f.id limit 1"); ResultSet rs = ps.executeQuery()) {
                id = rs.next() ? rs.getLong(1) : -1;
            }
            try (Statement st = c.createStatement()) {
                st.execute("commit");
            }
            return id;
        }
    }
}
