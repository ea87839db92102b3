package dev.flowdb.it;

import dev.flowdb.Actor;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A claiming agent process: its threads race for features with {@code claimNextReady} and
 * {@code claim(id)} until the backlog is done, marking each won feature passing (which makes its
 * dependents ready). Prints {@code ready}, waits for {@code go} on stdin, then prints one
 * {@code won <id> <how>} line per feature it won, and {@code error …} for any failure.
 *
 * <p>Arguments: database path or PostgreSQL URL, threads, process name, highest feature id.
 */
public final class ClaimWorker {

    private ClaimWorker() {
    }

    public static void main(String[] args) throws Exception {
        String db = args[0];
        int threads = Integer.parseInt(args[1]);
        String name = args[2];
        long maxId = Long.parseLong(args[3]);
        List<String> won = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        try (Database database = Targets.builder(db).busyTimeout(Duration.ofSeconds(60)).open()) {
            System.out.println("ready");
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"go".equals(stdin.readLine())) {
                throw new IllegalStateException("expected go");
            }
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                String agent = name + "-t" + t;
                Thread thread = new Thread(() -> {
                    try {
                        race(database.features(Actor.of(agent, "it")), maxId, won);
                    } catch (RuntimeException e) {
                        errors.add(agent + " " + e);
                    } finally {
                        done.countDown();
                    }
                }, agent);
                thread.start();
            }
            done.await();
        }
        synchronized (won) {
            won.forEach(w -> System.out.println("won " + w));
        }
        errors.forEach(e -> System.out.println("error " + e));
        System.out.flush();
        System.exit(errors.isEmpty() ? 0 : 1);
    }

    private static void race(FeatureStore store, long maxId, List<String> won) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            if (random.nextInt(4) == 0) {
                long id = 1 + random.nextLong(maxId);
                ClaimResult r = store.claim(id);
                if (r instanceof ClaimResult.Claimed claimed) {
                    won.add(claimed.claimed().id() + " claim");
                    store.markPassing(id);
                }
                continue;
            }
            Optional<Feature> next = store.claimNextReady();
            if (next.isPresent()) {
                won.add(next.get().id() + " next");
                store.markPassing(next.get().id());
            } else if (store.stats().isComplete()) {
                return;
            } else {
                // what is left is in progress elsewhere or waits for it
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }
}
