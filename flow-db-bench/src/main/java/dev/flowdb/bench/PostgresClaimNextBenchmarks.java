package dev.flowdb.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.NewFeature;
import dev.flowdb.schema.TimestampConverter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Claim-next-ready and the bulk create on PostgreSQL (fsync on), flow-db and its JDBC twin in the
 * same run. Before each pick-and-claim, untimed, the feature the previous one claimed is marked
 * passing (readying its dependents); after a tenth of the backlog, everything passed is failed
 * again. Each bulk create goes into a new database with the tables and no rows (made untimed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresClaimNextBenchmarks {

    static final String PASS = "update features set passes = true, in_progress = false, claimed_by = null, claimed_at = null where id = ?";
    static final String FAIL = "update features set passes = false, in_progress = false, claimed_by = null, claimed_at = null where id = ?";

    @Param({"10000"})
    public int size;

    Database db;
    FeatureStore store;
    HikariDataSource jdbc;
    final List<Long> passed = new ArrayList<>();
    long claimedByFlowDb;
    long claimedByJdbc;
    List<NewFeature> bulk;
    Database emptyDb;
    HikariDataSource emptyJdbc;

    @Setup(Level.Trial)
    public void open() {
        String url = PgBench.copy(size);
        db = Database.open(url);
        store = db.features(Actor.of("bench", "jmh"));
        jdbc = PgBench.pool(url, 1);
        bulk = BenchData.features(10_000);
    }

    @Setup(Level.Invocation)
    public void beforeEachCall() throws SQLException {
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
        if (passed.size() >= size / 10) {
            for (Long id : passed) {
                if (id > 0) {
                    store.markFailing(id);
                } else {
                    update(FAIL, -id);
                }
            }
            passed.clear();
        }
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
    public Feature pgClaimNextReady_flowdb() {
        Feature next = store.claimNextReady().orElseThrow(ClaimNextBenchmarks::ranDry);
        claimedByFlowDb = next.id();
        return next;
    }

    /**
     * The spike's subquery strategy: the best ready feature by priority (no score), locked with
     * {@code FOR UPDATE SKIP LOCKED} and claimed in one statement, then its event, one commit.
     */
    @Benchmark
    public Feature pgClaimNextReady_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            c.setAutoCommit(false);
            try {
                String now = TimestampConverter.format(Instant.now());
                Feature f;
                try (PreparedStatement ps = c.prepareStatement("update features set in_progress = true, claimed_by = ?, claimed_at = ?, "
                        + "claim_renewed_at = null, updated_at = ? where id = (select f.id from features f where " + PgBench.READY
                        + " order by f.priority, f.id limit 1 for update skip locked) and not passes and not in_progress returning " + Jdbc.COLUMNS)) {
                    ps.setString(1, "bench");
                    ps.setString(2, now);
                    ps.setString(3, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        f = rs.next() ? PgBench.map(rs) : null;
                    }
                }
                if (f == null) {
                    throw ClaimNextBenchmarks.ranDry();
                }
                Jdbc.insertClaimedEvent(c, f.id(), now);
                c.commit();
                claimedByJdbc = f.id();
                return f;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** A new empty database for the next bulk create (untimed; only the bulk benchmarks use it). */
    @State(Scope.Thread)
    public static class EmptyDatabase {
        Database db;
        HikariDataSource jdbc;

        @Setup(Level.Invocation)
        public void create() {
            String url = PgBench.empty();
            db = Database.open(url);
            jdbc = PgBench.pool(url, 1);
        }

        @TearDown(Level.Invocation)
        public void close() {
            db.close();
            jdbc.close();
        }
    }

    /** 10 000 features with dependencies and their events, all or nothing. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int pgCreateBulk10k_flowdb(EmptyDatabase empty) {
        return empty.db.features().createBulk(bulk).size();
    }

    /**
     * The same by hand: ids reserved from the identity sequence, a batch of row inserts and a
     * batch of {@code created} events with the row's fields as JSON, one transaction.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int pgCreateBulk10k_jdbc(EmptyDatabase empty) throws SQLException {
        try (Connection c = empty.jdbc.getConnection()) {
            c.setAutoCommit(false);
            long[] ids = new long[bulk.size()];
            try (PreparedStatement ps = c.prepareStatement("select nextval(pg_get_serial_sequence('features', 'id')) from generate_series(1, ?)")) {
                ps.setInt(1, bulk.size());
                try (ResultSet rs = ps.executeQuery()) {
                    for (int i = 0; rs.next(); i++) {
                        ids[i] = rs.getLong(1);
                    }
                }
            }
            Jdbc.insertBulk(c, bulk, ids, TimestampConverter.format(Instant.now()), "false");
            c.commit();
        }
        return bulk.size();
    }
}
