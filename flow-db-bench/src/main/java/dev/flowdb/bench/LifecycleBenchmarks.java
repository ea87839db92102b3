package dev.flowdb.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.NewFeature;
import dev.flowdb.schema.TimestampConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Opening an up-to-date file, listing a small backlog, and creating a large one in bulk. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LifecycleBenchmarks {

    Path small;
    Database smallDb;
    HikariDataSource smallJdbc;
    List<NewFeature> bulk;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        small = BenchData.copy(100, Files.createTempDirectory("flowdb-bench"));
        smallDb = Database.open(small);
        smallJdbc = Jdbc.pool(small, 4);
        bulk = BenchData.features(10_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        smallDb.close();
        smallJdbc.close();
    }

    @Benchmark
    public List<Feature> getAll100_flowdb() {
        return smallDb.features().getAll();
    }

    @Benchmark
    public List<Feature> getAll100_jdbc() throws SQLException {
        try (Connection c = smallJdbc.getConnection(); PreparedStatement ps = c.prepareStatement("select " + Jdbc.COLUMNS
                + " from features order by priority, id"); ResultSet rs = ps.executeQuery()) {
            List<Feature> all = new ArrayList<>(100);
            while (rs.next()) {
                all.add(Jdbc.map(rs));
            }
            return all;
        }
    }

    /**
     * Before each call (untimed) another writer changes one feature's description, as an agent
     * process or the Python tool would: flow-db cannot answer from the list it read last.
     */
    @State(Scope.Thread)
    public static class OtherWriter {
        Connection connection;
        PreparedStatement update;
        long n;

        @Setup(Level.Trial)
        public void open(LifecycleBenchmarks benchmarks) throws SQLException {
            connection = DriverManager.getConnection("jdbc:sqlite:" + benchmarks.small);
            update = connection.prepareStatement("update features set description = ? where id = ?");
        }

        @Setup(Level.Invocation)
        public void change() throws SQLException {
            n++;
            update.setString(1, "changed " + n);
            update.setLong(2, 1 + n % 100);
            update.executeUpdate();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    @Benchmark
    public List<Feature> getAll100Changed_flowdb(OtherWriter other) {
        return smallDb.features().getAll();
    }

    @Benchmark
    public List<Feature> getAll100Changed_jdbc(OtherWriter other) throws SQLException {
        return getAll100_jdbc();
    }

    /** Open (the checksum matches: no Liquibase), one read, close. */
    @Benchmark
    public long openUpToDate_flowdb() {
        try (Database db = Database.open(small)) {
            return db.features().stats().total();
        }
    }

    @Benchmark
    public long openUpToDate_jdbc() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + small); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from features")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A fresh copy of an empty, migrated file for each bulk insert: opening (and the one-time
     * schema creation) is not part of what {@code createBulk} is measured for.
     */
    @State(Scope.Thread)
    public static class EmptyFile {
        Path template;
        Path file;
        Database db;
        Connection jdbc;
        int fresh;

        @Setup(Level.Trial)
        public void template() throws Exception {
            template = Files.createTempDirectory("flowdb-bench-bulk").resolve("empty.db");
            Database.open(template).close();
        }

        @Setup(Level.Invocation)
        public void copy() throws Exception {
            file = template.resolveSibling("bulk-" + (fresh++) + ".db");
            Files.copy(template, file);
            db = Database.open(file);
            jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement st = jdbc.createStatement()) {
                st.execute("pragma journal_mode = wal");
                st.execute("pragma synchronous = normal");
            }
        }

        @TearDown(Level.Invocation)
        public void close() throws Exception {
            db.close();
            jdbc.close();
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
        }
    }

    /** 10 000 features with dependencies into an empty file, all or nothing, with their events. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int createBulk10k_flowdb(EmptyFile empty) {
        return empty.db.features().createBulk(bulk).size();
    }

    /**
     * The same by hand: one transaction, a batch of row inserts and a batch of {@code created}
     * events, each carrying the row's fields as JSON (as flow-db's do).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int createBulk10k_jdbc(EmptyFile empty) throws SQLException {
        Connection c = empty.jdbc;
        try (Statement st = c.createStatement()) {
            st.execute("begin immediate");
            long[] ids = new long[bulk.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i + 1;
            }
            Jdbc.insertBulk(c, bulk, ids, TimeStampHolder.NOW, "0");
            st.execute("commit");
        }
        return bulk.size();
    }

    /** One timestamp for the JDBC bulk rows. */
    static final class TimeStampHolder {
        static final String NOW = TimestampConverter.format(Instant.now());

        private TimeStampHolder() {
        }
    }
}
