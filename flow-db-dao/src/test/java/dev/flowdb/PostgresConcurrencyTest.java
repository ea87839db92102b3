package dev.flowdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Several {@code Database} handles on one PostgreSQL database, each with its own pools, stand in
 * for agents on several hosts: claims never double, two hosts can never store a cycle together,
 * and concurrent creates never take the same id.
 */
@Tag("postgres")
class PostgresConcurrencyTest {

    static NewFeature nf(String name) {
        return new NewFeature("core", name, "d", List.of("s"));
    }

    @Test
    void hostsDrainingOneBacklogNeverClaimTheSameFeature() throws Exception {
        String url = PostgresServer.get().freshUrl();
        int features = 300;
        int hosts = 4;
        try (Database seed = Database.open(url)) {
            List<NewFeature> batch = new ArrayList<>();
            for (int i = 0; i < features; i++) {
                NewFeature f = nf("f" + i);
                batch.add(i >= 10 ? f.dependsOn(DependencyRef.index(i - 10)) : f);
            }
            seed.features().createBulk(batch);
        }
        Map<Long, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(hosts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            String agent = "host-" + h;
            done.add(pool.submit(() -> {
                int mine = 0;
                try (Database db = Database.builder(url).readerPoolSize(1).open()) {
                    FeatureStore store = db.features(Actor.of(agent, "test"));
                    start.await();
                    int idle = 0;
                    while (idle < 20) {
                        Optional<Feature> next = store.claimNextReady();
                        if (next.isEmpty()) {
                            idle++;
                            Thread.sleep(5);
                            continue;
                        }
                        idle = 0;
                        if (claimedBy.putIfAbsent(next.get().id(), agent) != null) {
                            doubles.incrementAndGet();
                        }
                        store.markPassing(next.get().id());
                        mine++;
                    }
                }
                return mine;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(doubles).hasValue(0);
        assertThat(total).isEqualTo(features);
        try (Database db = Database.open(url)) {
            assertThat(db.features().stats().passing()).isEqualTo(features);
            long claimedEvents = db.events().since(0, 10_000).stream().filter(e -> e.eventType().equals("claimed")).count();
            assertThat(claimedEvents).isEqualTo(features);
        }
    }

    @Test
    void twoHostsCanNeverStoreACycleTogether() throws Exception {
        String url = PostgresServer.get().freshUrl();
        try (Database a = Database.open(url); Database b = Database.open(url)) {
            for (int round = 0; round < 20; round++) {
                Feature x = a.features().create(nf("x" + round));
                Feature y = a.features().create(nf("y" + round));
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService two = Executors.newFixedThreadPool(2);
                Future<Boolean> first = two.submit(() -> {
                    go.await();
                    return tryAdd(a, x.id(), y.id());
                });
                Future<Boolean> second = two.submit(() -> {
                    go.await();
                    return tryAdd(b, y.id(), x.id());
                });
                go.countDown();
                boolean one = first.get(1, TimeUnit.MINUTES);
                boolean other = second.get(1, TimeUnit.MINUTES);
                two.shutdown();
                assertThat(one ^ other).as("round " + round + ": exactly one of x→y and y→x is stored").isTrue();
                Feature xs = a.features().getById(x.id()).orElseThrow();
                Feature ys = a.features().getById(y.id()).orElseThrow();
                assertThat(xs.dependencies().contains(y.id()) && ys.dependencies().contains(x.id())).isFalse();
            }
        }
    }

    private static boolean tryAdd(Database db, long feature, long dependency) {
        try {
            db.features().addDependency(feature, dependency);
            return true;
        } catch (InvalidDependencyException cycle) {
            assertThat(cycle).hasMessage("Cannot add: would create circular dependency");
            return false;
        }
    }

    @Test
    void concurrentCreatesOnSeveralHostsGetDistinctIds() throws Exception {
        String url = PostgresServer.get().freshUrl();
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger clashes = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> done = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            int host = h;
            done.add(pool.submit(() -> {
                try (Database db = Database.builder(url).readerPoolSize(1).open()) {
                    for (int i = 0; i < 15; i++) {
                        List<Feature> made = i % 3 == 0
                                ? db.features().createBulk(List.of(nf("h" + host + "b" + i), nf("h" + host + "c" + i).dependsOn(DependencyRef.index(0))))
                                : List.of(db.features().create(nf("h" + host + "n" + i)));
                        for (Feature f : made) {
                            if (!ids.add(f.id())) {
                                clashes.incrementAndGet();
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(clashes).hasValue(0);
        try (Database db = Database.open(url)) {
            assertThat(db.features().getAll()).hasSize(ids.size());
        }
    }

    @Test
    void theFeedMissesNoEventAlthoughHostsCommitOutOfIdOrder() throws Exception {
        String url = PostgresServer.get().freshUrl();
        int hosts = 4;
        int perHost = 60;
        try (Database follower = Database.open(url)) {
            List<Long> seen = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(hosts);
            List<Future<?>> done = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                int host = h;
                done.add(pool.submit(() -> {
                    try (Database db = Database.builder(url).readerPoolSize(1).open()) {
                        FeatureStore store = db.features(Actor.of("host-" + host, "test"));
                        for (int i = 0; i < perHost; i++) {
                            Feature f = store.create(nf("h" + host + "-" + i));
                            store.claim(f.id());
                            db.events(Actor.of("host-" + host, "test")).log(f.id(), "note", null, null, "\"" + i + "\"");
                        }
                    }
                    return null;
                }));
            }
            Thread watcher = new Thread(() -> {
                EventCursor at = EventCursor.START;
                while (true) {
                    boolean last = !writing.get();
                    EventPage page = follower.events().after(at, 50);
                    page.events().forEach(e -> seen.add(e.id()));
                    at = page.next();
                    if (page.events().isEmpty()) {
                        if (last) {
                            return;
                        }
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            watcher.start();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            writing.set(false);
            watcher.join(60_000);
            List<Long> all = follower.events().since(0, 100_000).stream().map(ChangeEvent::id).toList();
            assertThat(all).hasSize(hosts * perHost * 3);
            assertThat(seen).as("every event once, none missed").hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);
        }
    }
}
