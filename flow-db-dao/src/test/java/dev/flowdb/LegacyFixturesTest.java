package dev.flowdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.internal.picture.SchedulingScores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every legacy file of the originals is adopted in place, reads back right, answers as the
 * Python reference does, and stays usable by the Python tool.
 */
class LegacyFixturesTest {

    @TempDir
    Path dir;

    private static List<String> tables(Path file) {
        return Fixtures.query(file, "select name from sqlite_master where type = 'table' order by name").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    private static List<String> columns(Path file) {
        return Fixtures.query(file, "select name from pragma_table_info('features')").stream().map(r -> (String) r.get(0)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"autocoder-current", "autocoder-upgraded", "ts-port", "rust-port"})
    void adoptionKeepsEveryTableColumnAndRow(String name) {
        Path file = Fixtures.copy(name, dir);
        List<String> tablesBefore = tables(file);
        List<String> columnsBefore = columns(file);
        Map<String, Object> rowsBefore = new HashMap<>();
        for (String table : tablesBefore) {
            rowsBefore.put(table, Fixtures.query(file, "select * from \"" + table + "\" order by rowid").toString());
        }
        try (Database db = Database.open(file)) {
            assertThat(db.features().getAll()).hasSize(((Number) ((Map<?, ?>) Fixtures.expected(name).get("stats")).get("total")).intValue());
        }
        assertThat(tables(file)).containsAll(tablesBefore).contains("change_events", "flow_meta");
        assertThat(columns(file)).startsWith(columnsBefore.toArray(String[]::new))
                .contains("needs_human_input", "human_input_request", "created_at", "updated_at", "claimed_by", "claimed_at");
        for (String table : tablesBefore) {
            if (!table.equals("features") && !table.equals("sqlite_sequence")) {
                assertThat(Fixtures.query(file, "select * from \"" + table + "\" order by rowid").toString())
                        .as("table %s", table).isEqualTo(rowsBefore.get(table));
            }
        }
        assertThat(Fixtures.query(file, "pragma integrity_check").get(0).get(0)).isEqualTo("ok");
        assertThat(Fixtures.query(file, "select name from sqlite_master where type = 'index' and tbl_name = 'features'").stream()
                .map(r -> r.get(0)).toList()).contains("ix_features_priority", "ix_features_passes", "ix_features_in_progress", "ix_feature_status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"autocoder-current", "autocoder-upgraded", "ts-port", "rust-port"})
    void everyFeatureReadsBackAsTheFileStoresIt(String name) {
        Path file = Fixtures.copy(name, dir);
        // read with SQLite's own JSON functions, before flow-db touches the file
        List<List<Object>> raw = Fixtures.query(file, "select id, priority, category, name, description, "
                + "json_array_length(steps), json_extract(steps, '$[0]'), coalesce(passes, 0), coalesce(in_progress, 0) from features order by id");
        Map<String, Object> expectedDeps = (Map<String, Object>) Fixtures.expected(name).get("dependencies");
        try (Database db = Database.open(file)) {
            List<Feature> all = db.features().getAll();
            Map<Long, Feature> byId = all.stream().collect(Collectors.toMap(Feature::id, f -> f));
            assertThat(byId).hasSize(raw.size());
            for (List<Object> row : raw) {
                Feature f = byId.get(((Number) row.get(0)).longValue());
                assertThat(f.priority()).isEqualTo(((Number) row.get(1)).longValue());
                assertThat(f.category()).isEqualTo(row.get(2));
                assertThat(f.name()).isEqualTo(row.get(3));
                assertThat(f.description()).isEqualTo(row.get(4));
                assertThat(f.steps()).hasSize(((Number) row.get(5)).intValue());
                assertThat(f.steps().get(0)).isEqualTo(row.get(6));
                assertThat(f.passes()).isEqualTo(((Number) row.get(7)).intValue() == 1);
                assertThat(f.inProgress()).isEqualTo(((Number) row.get(8)).intValue() == 1);
                assertThat(f.dependencies()).as("dependencies of %d", f.id())
                        .isEqualTo(longs((List<?>) expectedDeps.get(String.valueOf(f.id()))));
            }
            // ordered by priority, then id
            for (int i = 1; i < all.size(); i++) {
                Feature a = all.get(i - 1);
                Feature b = all.get(i);
                assertThat(a.priority() < b.priority() || a.priority() == b.priority() && a.id() < b.id()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"autocoder-current", "autocoder-upgraded", "ts-port", "rust-port"})
    void answersAsThePythonReferenceDoes(String name) {
        Path file = Fixtures.copy(name, dir);
        Map<String, Object> expected = Fixtures.expected(name);
        try (Database db = Database.open(file)) {
            FeatureStore features = db.features();

            Map<?, ?> stats = (Map<?, ?>) expected.get("stats");
            FeatureStats s = features.stats();
            assertThat(s.passing()).isEqualTo(((Number) stats.get("passing")).longValue());
            assertThat(s.inProgress()).isEqualTo(((Number) stats.get("in_progress")).longValue());
            assertThat(s.needsHumanInput()).isEqualTo(((Number) stats.get("needs_human_input")).longValue());
            assertThat(s.total()).isEqualTo(((Number) stats.get("total")).longValue());
            assertThat(s.percentage()).isEqualTo(((Number) stats.get("percentage")).doubleValue());

            ReadyPage ready = features.ready(1000);
            assertThat(ready.totalReady()).isEqualTo(((Number) expected.get("total_ready")).longValue());
            assertThat(ready.features().stream().map(Feature::id).toList()).isEqualTo(longs((List<?>) expected.get("ready")));
            assertThat(features.ready(3).features().stream().map(Feature::id).toList())
                    .isEqualTo(longs((List<?>) expected.get("ready")).subList(0, 3));

            BlockedPage blocked = features.blocked(1000);
            assertThat(blocked.totalBlocked()).isEqualTo(((Number) expected.get("total_blocked")).longValue());
            List<List<Object>> blockedPairs = new ArrayList<>();
            for (BlockedFeature b : blocked.features()) {
                blockedPairs.add(List.of(b.feature().id(), b.blockedBy()));
            }
            List<List<Object>> expectedPairs = new ArrayList<>();
            for (Object pair : (List<?>) expected.get("blocked")) {
                List<?> p = (List<?>) pair;
                expectedPairs.add(List.of(((Number) p.get(0)).longValue(), longs((List<?>) p.get(1))));
            }
            assertThat(blockedPairs).isEqualTo(expectedPairs);

            DependencyGraph graph = features.graph();
            Map<?, ?> statuses = (Map<?, ?>) expected.get("graph_status");
            Map<?, ?> dependents = (Map<?, ?>) expected.get("dependents");
            assertThat(graph.nodes()).hasSize(statuses.size());
            for (DependencyGraph.GraphNode node : graph.nodes()) {
                assertThat(node.status().wireName()).as("status of %d", node.id()).isEqualTo(statuses.get(String.valueOf(node.id())));
                assertThat(node.dependents()).as("dependents of %d", node.id())
                        .isEqualTo(longs((List<?>) dependents.get(String.valueOf(node.id()))));
            }
            List<List<Long>> edges = graph.edges().stream().map(e -> List.of(e.source(), e.target())).toList();
            List<List<Long>> expectedEdges = ((List<?>) expected.get("edges")).stream().map(e -> longs((List<?>) e)).toList();
            assertThat(edges).isEqualTo(expectedEdges);

            Map<?, ?> scores = (Map<?, ?>) expected.get("scores");
            SchedulingScores computed = SchedulingScores.compute(features.getAll().stream()
                    .sorted(java.util.Comparator.comparingLong(Feature::id))
                    .map(f -> new SchedulingScores.Node(f.id(), f.priority(), f.dependencies())).toList());
            for (Map.Entry<?, ?> e : scores.entrySet()) {
                assertThat(computed.score(Long.parseLong((String) e.getKey()))).as("score of %s", e.getKey())
                        .isEqualTo(((Number) e.getValue()).doubleValue());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"autocoder-current", "autocoder-upgraded", "ts-port", "rust-port"})
    void reopeningAnAdoptedFileSkipsLiquibase(String name) {
        Path file = Fixtures.copy(name, dir);
        Database.open(file).close();
        Fixtures.execute(file, "delete from DATABASECHANGELOG");
        try (Database db = Database.open(file)) {
            assertThat(db.features().stats().total()).isPositive();
        }
        assertThat(Fixtures.query(file, "select count(*) from DATABASECHANGELOG").get(0).get(0)).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"autocoder-current", "autocoder-upgraded", "ts-port", "rust-port"})
    void theFileStaysUsableByThePythonTool(String name) {
        Path file = Fixtures.copy(name, dir);
        long created;
        try (Database db = Database.open(file)) {
            FeatureStore features = db.features(Actor.of("coder-1", "test"));
            Feature f = features.create(new NewFeature("café", "Naïve résumé ✓", "raw UTF-8 😀", List.of("step \"one\"", "ünï")));
            created = f.id();
            features.claim(created);
            features.markPassing(created);
            Feature g = features.create(new NewFeature("x", "y", "z", List.of("s")).dependsOn(DependencyRef.id(created)));
            features.addDependency(g.id(), features.getAll().get(0).id() == g.id() ? created : features.getAll().get(0).id());
        }
        // no NULL in any NOT NULL column, booleans 0/1, dependencies JSON arrays
        for (List<Object> col : Fixtures.query(file, "select name from pragma_table_info('features') where \"notnull\" = 1")) {
            assertThat(Fixtures.query(file, "select count(*) from features where \"" + col.get(0) + "\" is null").get(0).get(0))
                    .as("NULLs in %s", col.get(0)).isEqualTo(0);
        }
        assertThat(Fixtures.query(file, "select count(*) from features where passes not in (0, 1) or in_progress not in (0, 1)").get(0).get(0)).isEqualTo(0);
        assertThat(Fixtures.query(file, "select count(*) from features where dependencies is not null and not json_valid(dependencies)").get(0).get(0)).isEqualTo(0);
        assertThat(Fixtures.query(file, "select steps, typeof(passes) from features where id = " + created).get(0))
                .containsExactly("[\"step \\\"one\\\"\",\"ünï\"]", "integer");
        // the Python tool inserts naming only its own columns, and starts with its repair statement
        Set<String> cols = new HashSet<>(columns(file));
        String humanCols = cols.contains("needs_human_input") ? ", needs_human_input" : "";
        Fixtures.execute(file,
                "insert into features (id, priority, category, name, description, steps, passes, in_progress, dependencies" + humanCols
                        + ") values (500, 999, 'py', 'written by python', 'd', '[\"a\", \"caf\\u00e9\"]', 0, 0, 'null'" + (humanCols.isEmpty() ? "" : ", 0") + ")",
                "update features set passes = 0 where passes is null");
        try (Database db = Database.open(file)) {
            Feature py = db.features().getById(500).orElseThrow();
            assertThat(py.steps()).containsExactly("a", "café");
            assertThat(py.dependencies()).isEmpty();
            if (name.equals("rust-port")) {
                // the Rust layout's column default (datetime('now'): 'YYYY-MM-DD HH:MM:SS' UTC) is read as an instant
                assertThat(py.createdAt()).isNotNull();
            } else {
                assertThat(py.createdAt()).isNull();
            }
            assertThat(db.features().ready(1000).features()).extracting(Feature::id).contains(500L);
        }
    }

    static List<Long> longs(List<?> values) {
        return values.stream().map(v -> ((Number) v).longValue()).toList();
    }
}
