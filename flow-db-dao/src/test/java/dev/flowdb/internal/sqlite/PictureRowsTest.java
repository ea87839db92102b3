package dev.flowdb.internal.sqlite;

import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.picture.Backlog;
import dev.flowdb.internal.sql.TextColumns;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.NewFeature;
import dev.flowdb.schema.jooq.tables.Features;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The picture's one statement marks a feature ready or blocked exactly when the plain SQL
 * definitions select it ({@code WHERE isReady(f)}, {@code WHERE passes = 0 AND unmet}), on
 * dependency texts and flag values that other writers leave behind: ids as strings or reals,
 * nested arrays, objects, text that is not JSON, NULL, missing and repeated ids, flags stored as
 * 2 or as text.
 */
class PictureRowsTest {

    private static final List<String> DEPENDENCIES = List.of("[]", "[1]", "[2, 3]", "[\"1\"]", "[1.0]", "[[1]]", "{\"a\": 1}",
            "not json", "", "[999]", "[1, 1]", "[1, \"x\"]", "[4, 999, 4]", "[5]", "[true]", "[-1]");
    private static final List<String> FLAGS = List.of("0", "0", "0", "1", "2", "'true'", "'0'");

    @TempDir
    Path dir;

    @Test
    void readyAndBlockedAreTheSqlDefinitions() {
        Random random = new Random(11);
        try (Database db = Database.open(dir.resolve("features.db"))) {
            for (int i = 0; i < 120; i++) {
                db.features().create(new NewFeature("c", "f" + i, "d", List.of("s")));
            }
            for (long id = 1; id <= 120; id++) {
                String sql = "update features set dependencies = " + (random.nextInt(12) == 0 ? "null" : "'" + pick(random, DEPENDENCIES) + "'")
                        + ", passes = " + pick(random, FLAGS) + ", in_progress = " + pick(random, FLAGS)
                        + ", needs_human_input = " + pick(random, FLAGS) + " where id = " + id;
                db.write(tx -> tx.dsl().execute(sql));
            }
            SqliteFeatureRepository repository = new SqliteFeatureRepository(Map.of(), TextColumns.STRINGS);
            db.read(ctx -> {
                Backlog.Rows rows = repository.pictureRows(Session.over(ctx));
                Backlog picture = new Backlog(new Backlog.Graph(1, rows.nodes), 1, rows);
                Set<Long> ready = new TreeSet<>(picture.ready(1000).ids());
                Set<Long> blocked = new TreeSet<>(picture.blocked(1000).ids());
                assertThat(rows.size()).isEqualTo(120);
                assertThat(ready).isEqualTo(selected(ctx, SqliteDialect.INSTANCE.isReady(FEATURES.as("f")), FEATURES.as("f")))
                        .isNotEmpty();
                Features f = FEATURES.as("f");
                assertThat(blocked).isEqualTo(selected(ctx, f.PASSES.isFalse().and(SqliteDialect.INSTANCE.hasUnmetDependency(f)), f))
                        .isNotEmpty();
                return null;
            });
        }
    }

    private static Set<Long> selected(DSLContext ctx, org.jooq.Condition where, Features f) {
        return new TreeSet<>(ctx.select(f.ID).from(f).where(where).fetch(f.ID));
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
