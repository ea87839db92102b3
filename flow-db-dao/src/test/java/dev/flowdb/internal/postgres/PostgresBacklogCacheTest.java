package dev.flowdb.internal.postgres;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.store.FeatureStoreImpl;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Actor;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.JournalMode;
import dev.flowdb.NewFeature;
import dev.flowdb.PostgresServer;
import dev.flowdb.SynchronousMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The PostgreSQL picture across hosts: two engines on one database stand in for two hosts. The
 * picture is built once per graph version and caught up from the status log after the other
 * host's writes (and raw SQL), rebuilt after a graph change or when the log was pruned past it,
 * and every answer equals what a fresh process computes.
 */
@Tag("postgres")
class PostgresBacklogCacheTest {

    String url;
    Engine here;
    Engine there;
    FeatureStoreImpl mine;
    FeatureStoreImpl theirs;

    static Engine engine(String url) {
        return Engine.open(new Engine.Options(null, url, null, null, false, Duration.ofSeconds(5), 2, SynchronousMode.NORMAL,
                JournalMode.WAL, Clock.systemUTC(), Actor.of("tester", "test")));
    }

    @BeforeEach
    void open() {
        url = PostgresServer.get().freshUrl();
        here = engine(url);
        there = engine(url);
        mine = new FeatureStoreImpl(here, Actor.of("here", "test"));
        theirs = new FeatureStoreImpl(there, Actor.of("there", "test"));
    }

    @AfterEach
    void close() {
        here.close();
        there.close();
    }

    private Feature create(FeatureStoreImpl store, String name, Long... deps) {
        NewFeature f = new NewFeature("c", name, "d", List.of("s"));
        for (Long d : deps) {
            f = f.dependsOn(DependencyRef.id(d));
        }
        return store.create(f);
    }

    private List<Long> ready() {
        return mine.ready(10).features().stream().map(Feature::id).toList();
    }

    private int builds() {
        return here.backlog().builds();
    }

    /** What a process that starts now answers. */
    private List<Long> readyInANewProcess() {
        Engine fresh = engine(url);
        try {
            return new FeatureStoreImpl(fresh, Actor.of("fresh", "test")).ready(10).features().stream().map(Feature::id).toList();
        } finally {
            fresh.close();
        }
    }

    @Test
    void anotherHostsWritesAreCaughtUpWithoutARebuildAndAGraphChangeRebuilds() throws Exception {
        Feature a = create(mine, "a");
        Feature b = create(mine, "b", a.id());
        Feature c = create(mine, "c");
        assertThat(ready()).containsExactly(a.id(), c.id());
        assertThat(ready()).containsExactly(a.id(), c.id());
        assertThat(builds()).as("built once, then reused").isEqualTo(1);

        theirs.markPassing(a.id());
        assertThat(ready()).as("the other host's pass, seen on the next read").containsExactlyInAnyOrder(b.id(), c.id())
                .containsExactlyElementsOf(readyInANewProcess());
        theirs.claim(c.id());
        assertThat(ready()).containsExactly(b.id());
        assertThat(mine.stats().inProgress()).isEqualTo(1);
        assertThat(builds()).as("caught up from the status log").isEqualTo(1);

        try (Connection raw = DriverManager.getConnection(url); Statement st = raw.createStatement()) {
            st.execute("update features set in_progress = false, claimed_by = null where id = " + c.id());
        }
        assertThat(ready()).as("raw SQL is logged by the trigger").containsExactlyInAnyOrder(b.id(), c.id())
                .containsExactlyElementsOf(readyInANewProcess());
        assertThat(builds()).isEqualTo(1);

        Feature d = create(theirs, "d", b.id());
        assertThat(ready()).containsExactlyElementsOf(readyInANewProcess());
        assertThat(builds()).as("the other host's create moved the graph version").isEqualTo(2);
        assertThat(mine.blocked(10).features()).extracting(f -> f.feature().id()).containsExactly(d.id());
    }

    @Test
    void aClaimNextReadyOfEachHostNeverTakesWhatTheOtherHolds() {
        for (int i = 0; i < 6; i++) {
            create(mine, "f" + i);
        }
        assertThat(ready()).hasSize(6);
        Feature first = mine.claimNextReady().orElseThrow();
        Feature second = theirs.claimNextReady().orElseThrow();
        Feature third = mine.claimNextReady().orElseThrow();
        assertThat(List.of(first.id(), second.id(), third.id())).doesNotHaveDuplicates();
        assertThat(ready()).containsExactlyElementsOf(readyInANewProcess()).hasSize(3);
    }

    @Test
    void aLogPrunedPastThePictureMakesTheNextReadRebuild() throws Exception {
        Feature a = create(mine, "a");
        Feature b = create(mine, "b");
        assertThat(ready()).containsExactly(a.id(), b.id());
        theirs.claim(a.id());
        // every row of the log is dropped, including the one of that claim
        PostgresFeatureRepository repository = new PostgresFeatureRepository();
        there.write(tx -> {
            repository.pruneStatusLog(tx.session(), -1_000_000_000L);
            return null;
        });
        long logged = there.read(ctx -> ctx.dsl().fetchCount(ctx.dsl().selectOne().from("flow_status_log")));
        assertThat(logged).isZero();
        assertThat(ready()).as("not from the stale picture: rebuilt").containsExactly(b.id());
        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void aWriteTransactionSeesItsOwnChangesInReady() {
        Feature a = create(mine, "a");
        Feature b = create(mine, "b", a.id());
        assertThat(ready()).containsExactly(a.id());
        List<Long> inside = here.write(tx -> {
            mine.markPassing(a.id());
            return mine.ready(10).features().stream().map(Feature::id).toList();
        });
        assertThat(inside).containsExactly(b.id());
        assertThat(ready()).containsExactly(b.id());
        int passing = here.read(ctx -> ctx.dsl().fetchCount(FEATURES, FEATURES.PASSES.isTrue()));
        assertThat(passing).isEqualTo(1);
    }
}
