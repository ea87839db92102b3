package dev.flowdb.internal.picture;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.store.FeatureStoreImpl;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Actor;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.JournalMode;
import dev.flowdb.NewFeature;
import dev.flowdb.SynchronousMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared scheduling picture is reused while it is current, moved by this process's own
 * committed status changes, caught up from the status log after another writer's, and rebuilt
 * only when the graph changed or the counters do not account for what a transaction did — and
 * every answer stays the one a rebuild gives.
 */
class BacklogCacheTest {

    @TempDir
    Path dir;

    Engine engine;
    FeatureStoreImpl store;
    Path file;

    @BeforeEach
    void open() {
        file = dir.resolve("features.db");
        engine = Engine.open(new Engine.Options(file, null, null, null, false, Duration.ofSeconds(5), 2, SynchronousMode.NORMAL,
                JournalMode.WAL, Clock.systemUTC(), Actor.of("tester", "test")));
        store = new FeatureStoreImpl(engine, Actor.of("tester", "test"));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private Feature create(String name, Long... deps) {
        NewFeature f = new NewFeature("c", name, "d", List.of("s"));
        for (Long d : deps) {
            f = f.dependsOn(DependencyRef.id(d));
        }
        return store.create(f);
    }

    private List<Long> ready() {
        return store.ready(10).features().stream().map(Feature::id).toList();
    }

    private int builds() {
        return engine.backlog().builds();
    }

    private int catchUps() {
        return engine.backlog().catchUps();
    }

    @Test
    void thePictureIsReusedMovedByOwnChangesAndCaughtUpAfterOthers() throws Exception {
        Feature a = create("a");
        Feature b = create("b", a.id());
        Feature c = create("c");
        assertThat(ready()).containsExactly(a.id(), c.id());
        assertThat(builds()).isEqualTo(1);
        assertThat(ready()).containsExactly(a.id(), c.id());
        assertThat(builds()).as("unchanged: the shared picture answers").isEqualTo(1);

        store.markPassing(a.id());
        assertThat(ready()).containsExactlyInAnyOrder(b.id(), c.id());
        assertThat(builds()).as("own status change: applied as a delta after the commit").isEqualTo(1);
        assertThat(catchUps()).as("own changes need no catch-up from the log").isZero();
        store.claim(c.id());
        assertThat(store.claimNextReady()).map(Feature::id).contains(b.id());
        assertThat(ready()).isEmpty();
        assertThat(builds()).isEqualTo(1);
        assertThat(catchUps()).isZero();
        // several status changes in one transaction: each is a delta, all applied after its commit
        store.clearInProgress(b.id());
        engine.write(tx -> {
            store.markPassing(b.id());
            store.clearInProgress(c.id());
            return null;
        });
        assertThat(ready()).containsExactly(c.id());
        assertThat(catchUps()).as("one transaction's own deltas").isZero();
        store.claim(c.id());
        assertThat(ready()).isEmpty();

        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = other.createStatement()) {
            st.execute("update features set in_progress = 0, claimed_by = null where id = " + c.id());
        }
        assertThat(ready()).containsExactly(c.id());
        assertThat(builds()).as("another writer's status change: caught up from the status log").isEqualTo(1);
        assertThat(catchUps()).isEqualTo(1);

        create("d");
        assertThat(ready()).hasSize(2);
        assertThat(builds()).as("a graph change: rebuilt").isEqualTo(2);
    }

    @Test
    void aTransactionWhoseCountersTellMoreThanItsDeltasLeavesACorrectPicture() {
        Feature a = create("a");
        Feature b = create("b");
        Feature c = create("c");
        assertThat(ready()).containsExactly(a.id(), b.id(), c.id());
        engine.write(tx -> {
            new FeatureStoreImpl(engine, Actor.of("tester", "test")).markPassing(a.id());
            // a change the verbs did not report: the status counter moves by one more than the deltas
            tx.dsl().update(FEATURES).set(FEATURES.IN_PROGRESS, true).where(FEATURES.ID.eq(b.id())).execute();
            return null;
        });
        assertThat(ready()).containsExactly(c.id());
        assertThat(store.stats().inProgress()).isEqualTo(1);
        assertThat(store.stats().passing()).isEqualTo(1);
    }

    @Test
    void aRolledBackChangeNeverReachesThePicture() {
        Feature a = create("a");
        assertThat(ready()).containsExactly(a.id());
        try {
            engine.write(tx -> {
                new FeatureStoreImpl(engine, Actor.of("tester", "test")).markPassing(a.id());
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(ready()).containsExactly(a.id());
        assertThat(builds()).isEqualTo(1);
    }

    @Test
    void theFirstStatsOfAProcessCountsWithoutBuildingThePicture() {
        create("a");
        create("b");
        assertThat(store.stats().total()).isEqualTo(2);
        assertThat(builds()).isZero();
        assertThat(store.stats().total()).isEqualTo(2);
        assertThat(builds()).as("from the second stats on, the picture").isEqualTo(1);
        assertThat(store.stats().total()).isEqualTo(2);
        assertThat(builds()).isEqualTo(1);
    }
}
