package dev.flowdb.internal;

import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.schema.jooq.tables.Features;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The SQLite-specific SQL of flow-db in one place: dependency lists are expanded with
 * {@code json_each}, and the unknown-id high-water mark reads {@code sqlite_sequence}. A second
 * backend (PostgreSQL: {@code jsonb_array_elements}) would supply its own version of these.
 *
 * <p>The shape of the "unmet dependency" test matters for the query plan: a correlated
 * {@code NOT EXISTS} probing {@code features} by primary key per dependency. A join from
 * {@code json_each} to {@code features} lets SQLite pick a scan of a status index for the inner
 * table instead (the planner trap measured in STACK-NOTES §10.5); the plan is pinned by a test.
 */
public final class SqliteDialect {

    private SqliteDialect() {
    }

    /**
     * {@code json_each} over a dependency column, yielding nothing for SQL NULL, the text
     * {@code null}, malformed text or a non-array; callers keep only integer elements.
     */
    private static Table<?> dependencyElements(Field<?> dependencies, String alias) {
        return DSL.table("json_each(case when json_valid({0}) then case when json_type({0}) = 'array' then {0} end end)", dependencies)
                .as(alias);
    }

    /**
     * True for a feature with at least one dependency that does not name a passing feature (a
     * missing feature is never passing).
     *
     * @param f the (aliased) features table of the outer query
     * @return the condition
     */
    public static Condition hasUnmetDependency(Features f) {
        Table<?> d = dependencyElements(f.DEPENDENCIES, "d");
        Field<Long> value = DSL.field(DSL.name("d", "value"), SQLDataType.BIGINT);
        Field<String> type = DSL.field(DSL.name("d", "type"), SQLDataType.VARCHAR);
        Features dep = FEATURES.as("dep");
        return DSL.exists(DSL.selectOne().from(d)
                .where(type.eq("integer"))
                .and(DSL.notExists(DSL.selectOne().from(dep).where(dep.ID.eq(value)).and(dep.PASSES.isTrue()))));
    }

    /**
     * True for a feature that lists {@code id} among its dependencies.
     *
     * @param f the features table of the outer query
     * @param id the dependency id
     * @return the condition
     */
    public static Condition dependsOn(Features f, long id) {
        Table<?> d = dependencyElements(f.DEPENDENCIES, "d");
        Field<Long> value = DSL.field(DSL.name("d", "value"), SQLDataType.BIGINT);
        Field<String> type = DSL.field(DSL.name("d", "type"), SQLDataType.VARCHAR);
        return DSL.exists(DSL.selectOne().from(d).where(type.eq("integer")).and(value.eq(id)));
    }

    /**
     * Ready: not passing, not in progress, not waiting for a person, no unmet dependency.
     *
     * @param f the features table of the outer query
     * @return the condition
     */
    public static Condition isReady(Features f) {
        return f.PASSES.isFalse().and(f.IN_PROGRESS.isFalse()).and(f.NEEDS_HUMAN_INPUT.isFalse())
                .and(DSL.not(hasUnmetDependency(f)));
    }

    /**
     * Blocked: not passing, and an unmet dependency.
     *
     * @param f the features table of the outer query
     * @return the condition
     */
    public static Condition isBlocked(Features f) {
        return f.PASSES.isFalse().and(hasUnmetDependency(f));
    }

    /**
     * The highest id an {@code AUTOINCREMENT} table has ever handed out, or 0 when the table
     * has no such counter (the Python layout's plain rowid alias).
     *
     * (After migration every file has {@code sqlite_sequence}: {@code change_events} is AUTOINCREMENT.)
     *
     * @param ctx where to read
     * @return the counter
     */
    public static long autoincrementSequence(DSLContext ctx) {
        Long seq = ctx.resultQuery("select seq from sqlite_sequence where name = 'features'").fetchOne(0, Long.class);
        return seq == null ? 0 : seq;
    }
}
