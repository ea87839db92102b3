package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL at random moments loses no committed change and leaves nothing
 * half-written; {@link PostgresCrashSafetyTest} kills a PostgreSQL client the same way.
 */
class CrashSafetyTest {

    @TempDir
    Path dir;

    /** {@return where the writer writes: a path or a PostgreSQL URL} */
    String target() {
        return dir.resolve("features.db").toString();
    }

    /** Checks of the storage itself after a kill (SQLite's integrity check). */
    void checkStorage(String target, int round) {
        assertThat(Fixtures.query(Path.of(target), "pragma integrity_check").get(0).get(0)).as("round %d", round).isEqualTo("ok");
    }

    @Test
    void killingAWriterAtRandomMomentsLeavesAConsistentFile() throws Exception {
        String db = target();
        Targets.open(db).close();
        Random random = new Random(2026);
        long previousFeatures = 0;
        for (int round = 0; round < Sizes.CRASH_ROUNDS; round++) {
            try (ChildJvm worker = ChildJvm.start(CrashWorker.class, db)) {
                assertThat(worker.readLine()).as(worker::stderr).isEqualTo("started");
                // a random moment; the kill is the event under test, not a synchronisation
                Thread.sleep(50 + random.nextInt(600));
                worker.kill();
            }
            checkStorage(db, round);
            try (Database database = Targets.open(db)) {
                List<Feature> all = database.features().getAll();
                assertThat(all.size()).as("committed features are never lost").isGreaterThanOrEqualTo((int) previousFeatures);
                previousFeatures = all.size();
                // every bulk is whole or absent
                for (var row : database.read(dsl -> dsl.select(FEATURES.CATEGORY, DSL.count()).from(FEATURES).groupBy(FEATURES.CATEGORY).fetch())) {
                    assertThat(row.value2()).as("features of %s", row.value1()).isEqualTo(CrashWorker.BULK);
                }
                // every committed change has exactly its events: the log folds back to each row
                for (Feature f : all) {
                    assertThat(database.events().replay(f.id())).as("replay of %d in round %d", f.id(), round).contains(f);
                }
                List<Long> created = database.read(dsl -> dsl.select(CHANGE_EVENTS.FEATURE_ID).from(CHANGE_EVENTS)
                        .where(CHANGE_EVENTS.EVENT_TYPE.eq("created")).fetch(CHANGE_EVENTS.FEATURE_ID));
                assertThat(created).as("one created event per feature").hasSize(all.size()).doesNotHaveDuplicates();
            }
        }
        System.err.printf("crash safety on %s: %d kill -9 rounds, %d features survived%n", getClass().getSimpleName(), Sizes.CRASH_ROUNDS, previousFeatures);
        assertThat(previousFeatures).as("the worker got some work done").isPositive();
    }
}
