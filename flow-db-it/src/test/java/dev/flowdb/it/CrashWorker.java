package dev.flowdb.it;

import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.NewFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes until it is killed: bulk creates of {@link #BULK} chained features (one category per
 * bulk), claims and passes, skips, dependency edits and custom events. Prints {@code started}
 * once the database is open and the first round is committed, so a kill lands in the middle of
 * the work and never in the JVM's start-up (the first statements of a fresh JVM initialise jOOQ
 * and compile the hot code: on a busy machine that alone can outlast the test's whole kill
 * window). Argument: the database path or PostgreSQL URL.
 */
public final class CrashWorker {

    /** Features per bulk create: after a crash every bulk category has exactly this many or none. */
    static final int BULK = 50;

    private CrashWorker() {
    }

    public static void main(String[] args) {
        try (Database db = Targets.builder(args[0]).busyTimeout(Duration.ofSeconds(30)).open()) {
            FeatureStore store = db.features(Actor.of("crash-" + ProcessHandle.current().pid(), "it"));
            for (long round = 0; ; round++) {
                if (round == 1) {
                    System.out.println("started");
                    System.out.flush();
                }
                String category = "bulk-" + ProcessHandle.current().pid() + "-" + round;
                List<NewFeature> batch = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    NewFeature f = new NewFeature(category, "f" + i, "written before a crash", List.of("step"));
                    batch.add(i == 0 ? f : f.dependsOn(DependencyRef.index(i - 1)));
                }
                List<Feature> created = store.createBulk(batch);
                for (int k = 0; k < 5; k++) {
                    Optional<Feature> next = store.claimNextReady();
                    next.ifPresent(f -> store.markPassing(f.id()));
                }
                Feature last = created.get(BULK - 1);
                store.skip(last.id());
                store.removeDependency(last.id(), created.get(BULK - 2).id());
                store.addDependency(last.id(), created.get(0).id());
                db.events().log(last.id(), "comment", null, null, "\"round " + round + "\"");
                db.useWrite(tx -> {
                    tx.features().claim(created.get(BULK - 3).id());
                    tx.features().markFailing(created.get(BULK - 3).id());
                });
            }
        }
    }
}
