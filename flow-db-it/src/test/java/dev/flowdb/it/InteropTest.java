package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Actor;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.FeatureUpdate;
import dev.flowdb.Fixtures;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.NewFeature;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scripted session of writes through flow-db on a copy of each original's file; afterwards the
 * file still satisfies what the original tool needs, and rows the original then writes with
 * plain SQL (knowing only its own columns) read back right.
 */
class InteropTest {

    @TempDir
    Path dir;

    static List<String> columns(Path db) {
        return Fixtures.query(db, "select name from pragma_table_info('features')").stream().map(r -> (String) r.get(0)).toList();
    }

    static Object one(Path db, String sql) {
        return Fixtures.query(db, sql).get(0).get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"autocoder-current", "autocoder-upgraded", "ts-port", "rust-port"})
    void aFlowDbSessionLeavesTheFileUsableByTheOriginal(String fixture) {
        Path db = Fixtures.copy(fixture, dir);
        Set<String> originalColumns = new HashSet<>(columns(db));
        List<String> otherTables = Fixtures.query(db, "select name from sqlite_master where type = 'table' and name not in ('features', 'sqlite_sequence', 'change_events')")
                .stream().map(r -> (String) r.get(0)).toList();
        String otherRowsBefore = otherTables.stream().map(t -> Fixtures.query(db, "select * from \"" + t + "\" order by rowid").toString()).toList().toString();
        long eventsBefore = originalColumns.isEmpty() ? 0 : Fixtures.query(db, "select name from sqlite_master where name = 'change_events'").isEmpty()
                ? 0 : ((Number) one(db, "select count(*) from change_events")).longValue();

        // the scripted session
        try (Database database = Database.open(db)) {
            FeatureStore store = database.features(Actor.of("java-agent", "it"));
            List<Feature> before = store.getAll();
            Feature first = before.get(0);
            Feature created = store.create(new NewFeature("interop", "Ünïcode ✓ \"quoted\"", "line1\nline2", List.of("step, one", "stép 2"))
                    .dependsOn(DependencyRef.id(first.id())));
            List<Feature> bulk = store.createBulk(List.of(
                    new NewFeature("interop", "bulk a", "d", List.of("s")),
                    new NewFeature("interop", "bulk b", "d", List.of("s")).dependsOn(DependencyRef.index(0), DependencyRef.id(created.id()))));
            Feature next = store.claimNextReady().orElseThrow();
            store.markPassing(next.id());
            assertThat(store.claim(created.id())).isInstanceOf(ClaimResult.Claimed.class);
            store.requestHumanInput(created.id(), new HumanInputRequest("Which DB?", List.of(HumanInputRequest.Field.text("db", "Database"))));
            store.answerHumanInput(created.id(), Map.of("db", "sqlite"));
            store.skip(bulk.get(0).id());
            store.addDependency(bulk.get(0).id(), first.id());
            store.setDependencies(bulk.get(1).id(), List.of(bulk.get(0).id(), created.id()));
            store.update(bulk.get(1).id(), FeatureUpdate.empty().withDescription("edited"));
            Feature passing = before.stream().filter(Feature::passes).findFirst().orElseThrow();
            store.markFailing(passing.id());
            store.delete(bulk.get(0).id());
            assertThat(store.getAll()).hasSize(before.size() + 2);
        }

        // what the original needs of its file
        assertThat(one(db, "pragma integrity_check")).isEqualTo("ok");
        assertThat(columns(db)).containsAll(originalColumns);
        for (List<Object> col : Fixtures.query(db, "select name from pragma_table_info('features') where \"notnull\" = 1")) {
            assertThat(one(db, "select count(*) from features where \"" + col.get(0) + "\" is null")).as("NULLs in %s", col.get(0)).isEqualTo(0);
        }
        assertThat(one(db, "select count(*) from features where typeof(passes) <> 'integer' or passes not in (0, 1) "
                + "or typeof(in_progress) <> 'integer' or in_progress not in (0, 1) or needs_human_input not in (0, 1)")).isEqualTo(0);
        assertThat(one(db, "select count(*) from features where not json_valid(steps) or json_type(steps) <> 'array'")).isEqualTo(0);
        assertThat(one(db, "select count(*) from features where dependencies is not null and dependencies <> 'null' "
                + "and (not json_valid(dependencies) or json_type(dependencies) <> 'array')")).isEqualTo(0);
        // lists flow-db wrote are sorted and free of duplicates
        assertThat(one(db, "select count(*) from features f where updated_at like '____-__-__T%Z' and exists ("
                + "select 1 from json_each(f.dependencies) a, json_each(f.dependencies) b where a.key < b.key and a.value >= b.value)")).isEqualTo(0);
        assertThat(otherTables.stream().map(t -> Fixtures.query(db, "select * from \"" + t + "\" order by rowid").toString()).toList().toString())
                .isEqualTo(otherRowsBefore);
        assertThat(((Number) one(db, "select count(*) from change_events")).longValue()).isGreaterThan(eventsBefore);

        // the original writes with plain SQL, naming only its own columns
        boolean human = originalColumns.contains("needs_human_input");
        boolean rust = fixture.equals("rust-port");
        if (rust) {
            Fixtures.execute(db,
                    "insert into features (priority, category, name, description, steps, passes, in_progress, dependencies) "
                            + "values (0, 'rs', 'from rust', 'd', '[\"a\"]', 0, 0, '[1]')",
                    "update features set in_progress = 1, updated_at = datetime('now') where id = 2 and in_progress = 0 and passes = 0");
        } else {
            String cols = "id, priority, category, name, description, steps, passes, in_progress, dependencies" + (human ? ", needs_human_input" : "");
            Fixtures.execute(db,
                    "update features set passes = 0 where passes is null",
                    "insert into features (" + cols + ") values (900, 1000, 'py', 'from python', 'd', '[\"caf\\u00e9\", \"x\"]', 0, 0, null" + (human ? ", 0" : "") + ")",
                    "insert into features (" + cols + ") values (901, 1001, 'py', 'python child', 'd', '[\"s\"]', 0, 0, '[900]'" + (human ? ", 0" : "") + ")",
                    "update features set in_progress = 1 where id = 900 and passes = 0 and in_progress = 0" + (human ? " and needs_human_input = 0" : ""),
                    "update features set passes = 1, in_progress = 0 where id = 900 and passes = 0");
        }
        try (Database database = Database.open(db)) {
            FeatureStore store = database.features();
            if (rust) {
                Feature fromRust = store.getAll().stream().filter(f -> f.name().equals("from rust")).findFirst().orElseThrow();
                assertThat(fromRust.dependencies()).containsExactly(1L);
                assertThat(fromRust.createdAt()).isNotNull();
                assertThat(store.getById(2).orElseThrow().updatedAt()).isNotNull();
            } else {
                Feature parent = store.getById(900).orElseThrow();
                assertThat(parent.steps()).containsExactly("café", "x");
                assertThat(parent.passes()).isTrue();
                assertThat(parent.dependencies()).isEmpty();
                assertThat(store.ready(1000).features()).extracting(Feature::id).contains(901L);
                assertThat(database.events().forFeature(900)).isEmpty();
                // and flow-db can go on working with the rows the original wrote
                assertThat(store.claim(901)).isInstanceOf(ClaimResult.Claimed.class);
                store.markPassing(901);
            }
            assertThat(store.stats().total()).isEqualTo(store.getAll().size());
        }
    }
}
