package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Fixtures;
import dev.flowdb.NewFeature;
import dev.flowdb.internal.wire.JsonValues;
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
 * the situation in which the originals lost claims and corrupted files. {@link PostgresClaimRaceTest}
 * runs the same race against one PostgreSQL database.
 */
class ClaimRaceTest {

    @TempDir
    Path dir;

    /** {@return where the race runs: a path or a PostgreSQL URL} */
    String target() {
        return dir.resolve("features.db").toString();
    }

    /** Checks of the storage itself after the race (SQLite's integrity check). */
    void checkStorage(String target) {
        assertThat(Fixtures.query(Path.of(target), "pragma integrity_check").get(0).get(0)).isEqualTo("ok");
    }

    @Test
    void everyFeatureIsClaimedExactlyOnceByRacingProcessesAndThreads() throws Exception {
        String db = target();
        int n = Sizes.FEATURES;
        try (Database database = Targets.open(db)) {
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
                workers.add(ChildJvm.start(ClaimWorker.class, db, String.valueOf(Sizes.THREADS), "p" + p, String.valueOf(n)));
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
            System.err.printf("claim race on %s: %d features, %d processes x %d threads, %.1f s, %.0f claims/s (%d won by claim(id))%n",
                    getClass().getSimpleName(), n, Sizes.PROCESSES, Sizes.THREADS, seconds, n / seconds, byClaimCall[0]);
            assertThat(errors).isEmpty();
            assertThat(winners).hasSize(n);
            assertThat(winners.values()).allSatisfy(w -> assertThat(w).hasSize(1));
        } finally {
            workers.forEach(ChildJvm::close);
        }
        // the storage and the audit log agree with what the processes saw
        checkStorage(db);
        try (Database database = Targets.open(db)) {
            int done = database.read(dsl -> dsl.fetchCount(FEATURES, FEATURES.PASSES.isTrue().and(FEATURES.IN_PROGRESS.isFalse())));
            assertThat(done).isEqualTo(n);
            List<Long> claimed = database.read(dsl -> dsl.select(CHANGE_EVENTS.FEATURE_ID).from(CHANGE_EVENTS)
                    .where(CHANGE_EVENTS.EVENT_TYPE.eq("claimed")).fetch(CHANGE_EVENTS.FEATURE_ID));
            assertThat(claimed).as("one claimed event per feature").hasSize(n).doesNotHaveDuplicates();
            Map<Long, Integer> passedEvents = new HashMap<>();
            for (var r : database.read(dsl -> dsl.selectFrom(CHANGE_EVENTS)
                    .where(CHANGE_EVENTS.EVENT_TYPE.eq("status_change").and(CHANGE_EVENTS.FIELD.isNull())).fetch())) {
                Map<?, ?> after = (Map<?, ?>) JsonValues.parse(r.getNewValue());
                if (Boolean.TRUE.equals(after.get("passes"))) {
                    passedEvents.merge(r.getFeatureId(), 1, Integer::sum);
                }
            }
            assertThat(passedEvents).as("one passing event per feature").hasSize(n).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        }
    }
}
