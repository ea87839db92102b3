package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL at random moments loses no committed change and leaves nothing half-written. */
class CrashSafetyTest {

    @TempDir
    Path dir;

    @Test
    void killingAWriterAtRandomMomentsLeavesAConsistentFile() throws Exception {
        Path db = dir.resolve("features.db");
        Database.open(db).close();
        Random random = new Random(2026);
        long previousFeatures = 0;
        for (int round = 0; round < Sizes.CRASH_ROUNDS; round++) {
            try (ChildJvm worker = ChildJvm.start(CrashWorker.class, db.toString())) {
                assertThat(worker.readLine()).as(worker::stderr).isEqualTo("started");
                // a random moment; the kill is the event under test, not a synchronisation
                Thread.sleep(50 + random.nextInt(600));
                worker.kill();
            }
            assertThat(Fixtures.query(db, "pragma integrity_check").get(0).get(0)).as("round %d", round).isEqualTo("ok");
            try (Database database = Database.open(db)) {
                List<Feature> all = database.features().getAll();
                assertThat(all.size()).as("committed features are never lost").isGreaterThanOrEqualTo((int) previousFeatures);
                previousFeatures = all.size();
                // every bulk is whole or absent
                for (List<Object> row : Fixtures.query(db, "select category, count(*) from features group by category")) {
                    assertThat(((Number) row.get(1)).intValue()).as("features of %s", row.get(0)).isEqualTo(CrashWorker.BULK);
                }
                // every committed change has exactly its events: the log folds back to each row
                for (Feature f : all) {
                    assertThat(database.events().replay(f.id())).as("replay of %d in round %d", f.id(), round).contains(f);
                }
                assertThat(Fixtures.query(db, "select count(*) from (select feature_id from change_events where event_type = 'created' "
                        + "group by feature_id having count(*) <> 1)").get(0).get(0)).isEqualTo(0);
            }
        }
        System.err.printf("crash safety: %d kill -9 rounds, %d features survived%n", Sizes.CRASH_ROUNDS, previousFeatures);
        assertThat(previousFeatures).as("the worker got some work done").isPositive();
    }
}
