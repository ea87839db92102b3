package dev.flowdb.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.BlockedPage;
import dev.flowdb.Database;
import dev.flowdb.DependencyGraph;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import dev.flowdb.ReadyPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/** Reads on a backlog of {@code size} features: flow-db and its JDBC twin on the same file. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadBenchmarks {

    static final String UNMET = "exists (select 1 from json_each(case when json_valid(f.dependencies) then case when json_type(f.dependencies) = 'array' "
            + "then f.dependencies end end) d where d.type = 'integer' and not exists (select 1 from features dep where dep.id = d.value and dep.passes = 1))";

    @Param({"10000"})
    public int size;

    Path dir;
    Database db;
    FeatureStore store;
    HikariDataSource jdbc;
    long id;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("flowdb-bench");
        Path file = BenchData.copy(size, dir);
        db = Database.open(file);
        store = db.features();
        jdbc = Jdbc.pool(file, 4);
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

    @Benchmark
    public Feature getById_flowdb() {
        return store.getById(nextId()).orElseThrow();
    }

    @Benchmark
    public Feature getById_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection(); PreparedStatement ps = c.prepareStatement("select " + Jdbc.COLUMNS + " from features where id = ?")) {
            ps.setLong(1, nextId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Jdbc.map(rs);
            }
        }
    }

    @Benchmark
    public ReadyPage ready10_flowdb() {
        return store.ready(10);
    }

    /** Same SQL selection; orders the page by priority (it has no scheduling score). */
    @Benchmark
    public List<Feature> ready10_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            return readyPage(c);
        }
    }

    private boolean toggled;

    /**
     * Another writer (raw SQL on the twin's pool, as the Python tool writes) changes one
     * feature's dependencies, so every call rebuilds the scheduling picture: the cost a
     * long-running process pays after another process edits the graph.
     */
    private void editGraphElsewhere(Connection c) throws SQLException {
        toggled = !toggled;
        try (PreparedStatement ps = c.prepareStatement("update features set dependencies = ? where id = ?")) {
            ps.setString(1, toggled ? "[1]" : "[]");
            ps.setLong(2, size);
            ps.executeUpdate();
        }
    }

    @Benchmark
    public ReadyPage readyAfterOtherWriter_flowdb() throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            editGraphElsewhere(c);
        }
        return store.ready(10);
    }

    @Benchmark
    public List<Feature> readyAfterOtherWriter_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            editGraphElsewhere(c);
            return readyPage(c);
        }
    }

    private static List<Feature> readyPage(Connection c) throws SQLException {
        List<long[]> ready = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select f.id, f.priority from features f where f.passes = 0 and f.in_progress = 0 "
                + "and f.needs_human_input = 0 and not " + UNMET); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ready.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        ready.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
        List<Feature> page = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + Jdbc.COLUMNS + " from features where id = ?")) {
            for (long[] r : ready.subList(0, Math.min(10, ready.size()))) {
                ps.setLong(1, r[0]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    page.add(Jdbc.map(rs));
                }
            }
        }
        return page;
    }

    @Benchmark
    public BlockedPage blocked20_flowdb() {
        return store.blocked(20);
    }

    @Benchmark
    public List<Feature> blocked20_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from features f where f.passes = 0 and " + UNMET); ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<Feature> page = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select " + Jdbc.COLUMNS.replace(", ", ", f.").replaceFirst("^", "f.")
                    + " from features f where f.passes = 0 and " + UNMET + " order by f.id limit 20"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(Jdbc.map(rs));
                }
            }
            Set<Long> passing = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("select id from features where passes = 1 and id in (select value from json_each(?))")) {
                ps.setString(1, page.stream().flatMap(f -> f.dependencies().stream()).map(String::valueOf).toList().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        passing.add(rs.getLong(1));
                    }
                }
            }
            List<Feature> out = new ArrayList<>(page.size());
            for (Feature f : page) {
                List<Long> blockedBy = f.dependencies().stream().filter(d -> !passing.contains(d)).toList();
                out.add(blockedBy.isEmpty() && total < 0 ? null : f);
            }
            return out;
        }
    }

    @Benchmark
    public FeatureStats stats_flowdb() {
        return store.stats();
    }

    @Benchmark
    public long[] stats_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*), sum(passes = 1), sum(in_progress = 1), sum(needs_human_input = 1) from features"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    @Benchmark
    public DependencyGraph graph_flowdb() {
        return store.graph();
    }

    /** Reads and maps every row (the graph's input), no graph building. */
    @Benchmark
    public List<Feature> graph_jdbc() throws SQLException {
        try (Connection c = jdbc.getConnection(); PreparedStatement ps = c.prepareStatement("select " + Jdbc.COLUMNS + " from features order by id");
             ResultSet rs = ps.executeQuery()) {
            List<Feature> all = new ArrayList<>(size);
            while (rs.next()) {
                all.add(Jdbc.map(rs));
            }
            return all;
        }
    }
}
