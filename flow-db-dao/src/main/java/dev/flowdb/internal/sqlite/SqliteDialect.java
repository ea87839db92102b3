package dev.flowdb.internal.sqlite;

import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.sql.Dialect;

import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.schema.jooq.tables.Features;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jooq.Condition;
import dev.flowdb.FlowDbException;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The SQLite side of {@link Dialect}: dependency lists are expanded with {@code json_each}, an id
 * list is bound as one JSON text, writes open with {@code BEGIN IMMEDIATE}, the id high-water mark
 * reads {@code sqlite_sequence}, and failures are classified by {@link SqliteErrors}.
 *
 * <p>The shape of the "unmet dependency" test matters for the query plan: a correlated
 * {@code NOT EXISTS} probing {@code features} by primary key per dependency. A join from
 * {@code json_each} to {@code features} lets SQLite pick a scan of a status index for the inner
 * table instead (the planner trap measured in STACK-NOTES §10.5); the plan is pinned by a test.
 */
public final class SqliteDialect implements Dialect {

    /** The one instance: the dialect holds no state. */
    public static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    @Override
    public SQLDialect jooqDialect() {
        return SQLDialect.SQLITE;
    }

    /** {@code BEGIN IMMEDIATE} for a write (the file's write lock at once), {@code BEGIN} for a read. */
    @Override
    public void begin(Connection connection, boolean write) throws SQLException {
        execute(connection, write ? "BEGIN IMMEDIATE" : "BEGIN");
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        execute(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        execute(connection, "ROLLBACK");
    }

    /** Runs a transaction verb; on a connection with kept statements, as a kept statement. */
    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.execute();
        }
    }

    @Override
    public Select<Record1<Long>> idsOf(Field<String> jsonArray) {
        return DSL.select(DSL.field(DSL.name("value"), Long.class)).from(DSL.table("json_each({0})", jsonArray));
    }

    @Override
    public FlowDbException translate(Throwable failure, String what) {
        return SqliteErrors.translate(failure, what);
    }

    /**
     * {@code json_each} over a dependency column, yielding nothing for SQL NULL, the text
     * {@code null}, malformed text or a non-array; callers keep only integer elements.
     */
    private static Table<?> dependencyElements(Field<?> dependencies, String alias) {
        return DSL.table("json_each(case when json_valid({0}) then case when json_type({0}) = 'array' then {0} end end)", dependencies)
                .as(alias);
    }

    /** Each element of type integer that names no passing feature; the dependency probed by primary key. */
    @Override
    public Condition hasUnmetDependency(Features f) {
        Table<?> d = dependencyElements(f.DEPENDENCIES, "d");
        Field<Long> value = DSL.field(DSL.name("d", "value"), SQLDataType.BIGINT);
        Field<String> type = DSL.field(DSL.name("d", "type"), SQLDataType.VARCHAR);
        Features dep = FEATURES.as("dep");
        // the type inlined: the picture's kept statement binds nothing
        return DSL.exists(DSL.selectOne().from(d)
                .where(type.eq(DSL.inline("integer")))
                .and(DSL.notExists(DSL.selectOne().from(dep).where(dep.ID.eq(value)).and(dep.PASSES.isTrue()))));
    }

    /** One {@code json_each} element equal to {@code id}. */
    @Override
    public Condition dependsOn(Features f, long id) {
        Table<?> d = dependencyElements(f.DEPENDENCIES, "d");
        Field<Long> value = DSL.field(DSL.name("d", "value"), SQLDataType.BIGINT);
        Field<String> type = DSL.field(DSL.name("d", "type"), SQLDataType.VARCHAR);
        return DSL.exists(DSL.selectOne().from(d).where(type.eq("integer")).and(value.eq(id)));
    }

    /**
     * The counter {@code sqlite_sequence} keeps for an {@code AUTOINCREMENT} features table; 0
     * for the Python layout's plain rowid alias, which keeps none. (After migration every file has
     * {@code sqlite_sequence}: {@code change_events} is AUTOINCREMENT.)
     */
    @Override
    public long idHighWaterMark(Session ctx) {
        Long seq = ctx.dsl().resultQuery("select seq from sqlite_sequence where name = 'features'").fetchOne(0, Long.class);
        return seq == null ? 0 : seq;
    }
}
