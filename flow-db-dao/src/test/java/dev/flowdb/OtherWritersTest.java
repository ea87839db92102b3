package dev.flowdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ready, blocked, stats and claim-next are answered from an in-memory picture of the backlog;
 * another writer's change (here plain SQL, as the Python tool writes) must show at once.
 */
class OtherWritersTest {

    @TempDir
    Path dir;

    @Test
    void flagChangesOfAnotherWriterShowAtOnce() {
        Path file = dir.resolve("features.db");
        try (Database db = Database.open(file)) {
            FeatureStore store = db.features();
            Feature a = feature(store, "a");
            Feature b = store.create(new NewFeature("c", "b", "d", List.of("s")).dependsOn(DependencyRef.id(a.id())));
            Feature c = feature(store, "c");
            assertThat(store.ready(10).features()).extracting(Feature::id).containsExactlyInAnyOrder(a.id(), c.id());

            Fixtures.execute(file, "update features set passes = 1 where id = " + a.id());
            assertThat(store.ready(10).features()).extracting(Feature::id).containsExactlyInAnyOrder(b.id(), c.id());
            assertThat(store.stats().passing()).isEqualTo(1);

            Fixtures.execute(file, "update features set in_progress = 1 where id = " + c.id() + " and passes = 0 and in_progress = 0");
            assertThat(store.claimNextReady()).get().extracting(Feature::id).isEqualTo(b.id());
            assertThat(store.claimNextReady()).isEmpty();

            // the log that lets a process catch up was pruned: the picture is rebuilt instead
            Fixtures.execute(file, "delete from flow_status_log", "update features set passes = 0, in_progress = 0 where id = " + a.id());
            assertThat(store.blocked(10).features()).extracting(x -> x.feature().id()).containsExactly(b.id());
            assertThat(store.ready(10).features()).extracting(Feature::id).containsExactly(a.id());

            // a graph change of another writer (the REST PATCH of the original)
            Fixtures.execute(file, "update features set dependencies = '[" + c.id() + "]' where id = " + a.id());
            assertThat(store.ready(10).features()).isEmpty();
            assertThat(store.blocked(10).totalBlocked()).isEqualTo(2);
        }
        assertThat(Fixtures.query(file, "select name from sqlite_master where type = 'trigger' order by name").stream().map(r -> r.get(0)).toList())
                .containsExactly("flow_content_on_update", "flow_graph_on_delete", "flow_graph_on_insert", "flow_graph_on_update",
                        "flow_status_on_update");
    }

    /** getAll keeps its last answer while the versions stand still: every kind of change by another writer moves one. */
    @Test
    void everyChangeOfAnotherWriterShowsInTheListOfAllFeatures() {
        Path file = dir.resolve("features.db");
        try (Database db = Database.open(file)) {
            FeatureStore store = db.features();
            Feature a = feature(store, "a");
            feature(store, "b");
            List<Feature> first = store.getAll();
            assertThat(store.getAll()).isSameAs(first);

            for (String change : List.of("name = 'renamed'", "description = 'new'", "steps = '[\"t\"]'", "category = 'k'",
                    "claimed_by = 'python'", "human_input_request = '{}'", "updated_at = '2030-01-01T00:00:00.000Z'",
                    "passes = 1", "priority = 99", "dependencies = '[2]'")) {
                List<Feature> before = store.getAll();
                Fixtures.execute(file, "update features set " + change + " where id = " + a.id());
                List<Feature> after = store.getAll();
                assertThat(after).as(change).isNotEqualTo(before);
                assertThat(after).as(change).isEqualTo(List.copyOf(Fixtures.query(file, "select id from features order by priority, id").stream()
                        .map(r -> store.getById(((Number) r.get(0)).longValue()).orElseThrow()).toList()));
            }
            Fixtures.execute(file, "insert into features (priority, category, name, description, steps, passes, in_progress, dependencies, "
                    + "needs_human_input) values (0, 'c', 'by python', 'd', '[]', 0, 0, '[]', 0)");
            assertThat(store.getAll()).extracting(Feature::name).contains("by python").hasSize(3);
            Fixtures.execute(file, "delete from features where name = 'by python'");
            assertThat(store.getAll()).hasSize(2);
            assertThat(store.getAll()).isUnmodifiable();
        }
    }

    /** Legacy rows may list a dependency twice or hold non-integers: the graph lists each dependent once, in id order. */
    @Test
    void theGraphOfLegacyDependencyListsNamesEachDependentOnce() {
        Path file = dir.resolve("features.db");
        try (Database db = Database.open(file)) {
            FeatureStore store = db.features();
            Feature a = feature(store, "a");
            Feature b = feature(store, "b");
            Feature c = feature(store, "c");
            Fixtures.execute(file, "update features set dependencies = '[" + a.id() + ", " + a.id() + ", \"x\", 99]' where id = " + c.id(),
                    "update features set dependencies = '[" + a.id() + "]' where id = " + b.id());
            DependencyGraph graph = store.graph();
            DependencyGraph.GraphNode nodeA = graph.nodes().stream().filter(n -> n.id() == a.id()).findFirst().orElseThrow();
            assertThat(nodeA.dependents()).containsExactly(b.id(), c.id());
            DependencyGraph.GraphNode nodeC = graph.nodes().stream().filter(n -> n.id() == c.id()).findFirst().orElseThrow();
            assertThat(nodeC.dependencies()).containsExactly(a.id(), a.id(), 99L);
            assertThat(nodeC.status()).isEqualTo(FeatureStatus.BLOCKED);
            assertThat(graph.edges()).contains(new DependencyGraph.Edge(99, c.id()));
        }
    }

    private static Feature feature(FeatureStore store, String name) {
        return store.create(new NewFeature("c", name, "d", List.of("s")));
    }
}
