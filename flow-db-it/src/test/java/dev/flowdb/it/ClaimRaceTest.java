package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Fixtures;
import dev.flowdb.NewFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents in separate OS processes, several threads each, race for one backlog on one file —
 * the situation in which the originals lost claims and corrupted files.
 */
class ClaimRaceTest {

    @TempDir
    Path dir;

    @Test
    void everyFeatureIsClaimedExactlyOnceByRacingProcessesAndThreads() throws Exception {
        Path db = dir.resolve("features.db");
        int n = Sizes.FEATURES;
        try (Database database = Database.open(db)) {
            Random random = new Random(42);
            List<NewFeature> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                NewFeature f = new NewFeature("race", "feature " + i, "d", List.of("s"));
                TreeSet<Integer> deps = new TreeSet<>();
                for (int k = 0; k < 2 && i > 0; k++) {
                    deps.add(Math.max(0, i - 1 - random.nextInt(Math.min(i, 50))));
                }
                for (int d : deps) {
                    f = f.dependsOn(DependencyRef.index(d));
                }
                batch.add(f);
            }
            for (int from = 0; from < n; from += 10_000) {
                int to = Math.min(n, from + 10_000);
                List<NewFeature> part = new ArrayList<>();
                for (NewFeature f : batch.subList(from, to)) {
                    final int offset = from;
                    List<DependencyRef> refs = f.dependencies().stream()
                            .map(r -> ((DependencyRef.Index) r).index() < offset
                                    ? DependencyRef.id(((DependencyRef.Index) r).index() + 1L)
                                    : DependencyRef.index(((DependencyRef.Index) r).index() - offset))
                            .toList();
                    part.add(new NewFeature(f.category(), f.name(), f.description(), f.steps(), null, refs));
                }
                database.features().createBulk(part);
            }
        }
        List<ChildJvm> workers = new ArrayList<>();
        long started;
        try {
            for (int p = 0; p < Sizes.PROCESSES; p++) {
                workers.add(ChildJvm.start(ClaimWorker.class, db.toString(), String.valueOf(Sizes.THREADS), "p" + p, String.valueOf(n)));
            }
            for (ChildJvm w : workers) {
                assertThat(w.readLine()).as(w::stderr).isEqualTo("ready");
            }
            started = System.nanoTime();
            workers.forEach(w -> w.send("go"));
            Map<Long, List<String>> winners = new HashMap<>();
            List<String> errors = new ArrayList<>();
            int[] byClaimCall = new int[1];
            for (int p = 0; p < workers.size(); p++) {
                ChildJvm w = workers.get(p);
                for (String line : w.readAll()) {
                    if (line.startsWith("won ")) {
                        String[] parts = line.split(" ");
                        winners.computeIfAbsent(Long.parseLong(parts[1]), k -> new ArrayList<>()).add("p" + p + " " + parts[2]);
                        if (parts[2].equals("claim")) {
                            byClaimCall[0]++;
                        }
                    } else {
                        errors.add(line);
                    }
                }
                assertThat(w.waitFor(600)).as(w::stderr).isZero();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.err.printf("claim race: %d features, %d processes x %d threads, %.1f s, %.0f claims/s (%d won by claim(id))%n",
                    n, Sizes.PROCESSES, Sizes.THREADS, seconds, n / seconds, byClaimCall[0]);
            assertThat(errors).isEmpty();
            assertThat(winners).hasSize(n);
            assertThat(winners.values()).allSatisfy(w -> assertThat(w).hasSize(1));
        } finally {
            workers.forEach(ChildJvm::close);
        }
        // the file and the audit log agree with what the processes saw
        assertThat(Fixtures.query(db, "pragma integrity_check").get(0).get(0)).isEqualTo("ok");
        assertThat(Fixtures.query(db, "select count(*) from features where passes = 1 and in_progress = 0").get(0).get(0)).isEqualTo(n);
        assertThat(Fixtures.query(db, "select count(*), count(distinct feature_id) from change_events where event_type = 'claimed'").get(0))
                .containsExactly(n, n);
        assertThat(Fixtures.query(db, "select count(*) from (select feature_id from change_events where field is null and event_type = 'status_change' "
                + "and json_extract(new_value, '$.passes') = 1 group by feature_id having count(*) = 1)").get(0).get(0)).isEqualTo(n);
    }
}
