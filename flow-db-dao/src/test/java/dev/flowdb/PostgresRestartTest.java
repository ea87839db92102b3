package dev.flowdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The server restarts while a client writes: every call either succeeds or fails with a named
 * flow-db exception that says PostgreSQL could not be reached; the client carries on once the
 * server is back (the pools replace the broken connections), and every write that returned is
 * stored, with its events.
 */
@Tag("postgres")
class PostgresRestartTest {

    @Test
    void aServerRestartMidRunGivesClearErrorsThenReconnectsAndLosesNothing() throws Exception {
        String url = PostgresServer.get().freshUrl();
        List<Long> stored = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        AtomicBoolean restarted = new AtomicBoolean();
        try (Database db = Database.open(url)) {
            FeatureStore store = db.features(Actor.of("restart", "test"));
            Thread writer = new Thread(() -> {
                for (int i = 0; !restarted.get() || i % 50 != 0 || stored.size() < 200; i++) {
                    try {
                        Feature f = store.create(new NewFeature("restart", "f" + i, "d", List.of("s")));
                        store.claim(f.id());
                        store.markPassing(f.id());
                        synchronized (stored) {
                            stored.add(f.id());
                        }
                    } catch (FlowDbException e) {
                        synchronized (failures) {
                            failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    }
                }
            });
            writer.setDaemon(true);
            writer.start();
            while (true) {
                synchronized (stored) {
                    if (stored.size() >= 50) {
                        break;
                    }
                }
                Thread.sleep(5);
            }
            PostgresServer.get().restart();
            restarted.set(true);
            writer.join(120_000);
            assertThat(writer.isAlive()).isFalse();

            System.err.printf("server restart: %d writes stored, %d failed calls, first: %s%n", stored.size(), failures.size(),
                    failures.isEmpty() ? "-" : failures.get(0));
            assertThat(failures).as("failed calls name the cause").allSatisfy(f -> assertThat(f).containsAnyOf(
                    "PostgreSQL", "connection"));
            // every write that returned is stored, passing, with its three events, and nothing else
            for (long id : stored) {
                Feature f = store.getById(id).orElseThrow();
                assertThat(f.passes()).as("feature %d", id).isTrue();
                assertThat(db.events().forFeature(id)).extracting(ChangeEvent::eventType).as("events of %d", id)
                        .containsExactly("created", "claimed", "status_change");
                assertThat(db.events().replay(id)).contains(f);
            }
            // a create that failed either never happened or is whole: every stored row replays
            for (Feature f : store.getAll()) {
                assertThat(db.events().replay(f.id())).as("replay of %d", f.id()).contains(f);
            }
        }
    }
}
