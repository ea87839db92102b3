package dev.flowdb.internal.sqlite;

import dev.flowdb.internal.sql.JdbcFeatureRepository;
import dev.flowdb.internal.sql.KeptSql;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.NewFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the plans of the hot queries: each dependency is probed by primary key — never the plan
 * of the json_each planner trap (STACK-NOTES §10.5), which scans a status index for the inner
 * table and is ~1000× slower.
 */
class QueryPlanTest {

    @TempDir
    static Path dir;

    static Database db;

    @BeforeAll
    static void seed() {
        db = Database.open(dir.resolve("features.db"));
        Random random = new Random(7);
        List<NewFeature> batch = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            NewFeature f = new NewFeature("c" + (i % 7), "feature " + i, "d", List.of("s"));
            java.util.Set<Integer> deps = new java.util.TreeSet<>();
            while (deps.size() < Math.min(i, 3)) {
                deps.add(random.nextInt(i));
            }
            for (int d : deps) {
                f = f.dependsOn(DependencyRef.index(d));
            }
            batch.add(f);
        }
        db.features().createBulk(batch);
        db.write(tx -> tx.dsl().update(FEATURES).set(FEATURES.PASSES, true).where(FEATURES.ID.mod(5L).lt(2L)).execute());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static String plan(DSLContext ctx, Query query) {
        return String.join("\n", ctx.fetch("explain query plan " + ctx.renderInlined(query)).getValues("detail", String.class));
    }

    @Test
    void thePictureScansTheTableInIdOrderAndProbesDependenciesByPrimaryKey() {
        String plan = db.read(ctx -> plan(ctx, SqliteFeatureRepository.pictureQuery(ctx)));
        // one pass over the rows in rowid order (no sort); each dependency found by primary key
        assertThat(plan).contains("SCAN f")
                .contains("SEARCH dep USING INTEGER PRIMARY KEY (rowid=?)")
                .doesNotContain("SCAN dep")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void theClaimProductionRunsUpdatesOneRowByPrimaryKey() {
        // the kept statement JdbcFeatureRepository.claim runs (binds: claimed_by, claimed_at, updated_at, id)
        String claim = KeptSql.of(SqliteDialect.INSTANCE).sql(KeptSql.Name.CLAIM);
        assertThat(claim).startsWith("update").contains("returning");
        String plan = db.read(ctx -> String.join("\n", ctx.fetch("explain query plan " + claim, "agent", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", 5L).getValues("detail", String.class)));
        assertThat(plan).contains("SEARCH features USING INTEGER PRIMARY KEY (rowid=?)").doesNotContain("SCAN features");
    }

    @Test
    void pagesAreReadByPrimaryKeyFromOneJsonArray() {
        for (String sql : List.of(KeptSql.of(SqliteDialect.INSTANCE).sql(KeptSql.Name.FEATURES_BY_IDS), KeptSql.of(SqliteDialect.INSTANCE).sql(KeptSql.Name.PASSING_AMONG_IDS))) {
            String plan = db.read(ctx -> String.join("\n", ctx.fetch("explain query plan " + sql, "[1,2,3]").getValues("detail", String.class)));
            assertThat(plan).as(sql).containsPattern("SEARCH features USING (INTEGER PRIMARY KEY|COVERING INDEX ix_features_passes) \\((passes=\\? AND )?rowid=\\?\\)")
                    .doesNotContain("SCAN features");
        }
    }
}
