package dev.flowdb.bench;

import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.NewFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Deterministic backlogs: {@code n} features, each depending on up to three of the 200 features
 * before it, the oldest ~40 % passing (so dependencies of passing features pass), a few in
 * progress. Seeded once per size into {@code target/bench-data/} and copied for each trial.
 */
public final class BenchData {

    private BenchData() {
    }

    static Path dataDir() {
        return Path.of(System.getProperty("flowdb.bench.data", "target/bench-data")).toAbsolutePath();
    }

    /** A fresh copy of the seeded backlog of {@code n} features in {@code dir}. */
    public static Path copy(int n, Path dir) {
        try {
            Path source = seeded(n);
            Files.createDirectories(dir);
            Path target = dir.resolve("features-" + n + ".db");
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized Path seeded(int n) throws IOException {
        Path file = dataDir().resolve("features-" + n + ".db");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "seed", ".db");
        Files.delete(tmp);
        try (Database db = Database.open(tmp)) {
            db.features().createBulk(List.of());
            createInChunks(db, n);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp); Statement st = c.createStatement()) {
            st.execute("update features set passes = 1 where id <= " + (int) (n * 0.4));
            st.execute("update features set in_progress = 1, claimed_by = 'seed' where id % 97 = 0 and passes = 0");
            st.execute("pragma wal_checkpoint(truncate)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * Creates the backlog of {@code n} in bulks of 10 000, a dependency on an earlier bulk named
     * by its id (ids start at 1 in a new database).
     */
    static void createInChunks(Database db, int n) {
        List<NewFeature> all = features(n);
        for (int from = 0; from < n; from += 10_000) {
            List<NewFeature> part = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 10_000); i++) {
                NewFeature f = all.get(i);
                List<DependencyRef> refs = new ArrayList<>();
                for (DependencyRef r : f.dependencies()) {
                    int k = ((DependencyRef.Index) r).index();
                    refs.add(k < from ? DependencyRef.id(k + 1L) : DependencyRef.index(k - from));
                }
                part.add(new NewFeature(f.category(), f.name(), f.description(), f.steps(), null, refs));
            }
            db.features().createBulk(part);
        }
    }

    /** The features of a backlog of {@code n}, with dependencies as batch indices. */
    public static List<NewFeature> features(int n) {
        Random random = new Random(n);
        List<NewFeature> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NewFeature f = new NewFeature("cat" + (i % 12), "Feature " + i, "Build feature " + i + " of the backlog",
                    List.of("open the page", "do the thing " + i, "check the result"));
            TreeSet<Integer> deps = new TreeSet<>();
            int count = i == 0 ? 0 : random.nextInt(4);
            for (int k = 0; k < count; k++) {
                deps.add(Math.max(0, i - 1 - random.nextInt(Math.min(i, 200))));
            }
            for (int d : deps) {
                f = f.dependsOn(DependencyRef.index(d));
            }
            out.add(f);
        }
        return out;
    }
}
