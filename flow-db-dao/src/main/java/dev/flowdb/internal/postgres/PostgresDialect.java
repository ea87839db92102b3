package dev.flowdb.internal.postgres;

import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.sql.Dialect;

import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.CorruptDatabaseException;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.DatabaseBusyException;
import dev.flowdb.FlowDbException;
import dev.flowdb.ReadOnlyDatabaseException;
import dev.flowdb.schema.jooq.tables.Features;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The PostgreSQL side of {@link Dialect}: dependency lists (JSON text) expanded with
 * {@code jsonb_array_elements}, an id list bound as one JSON text, write transactions READ
 * COMMITTED and reads REPEATABLE READ READ ONLY (see {@link #begin}), the identity sequence as the
 * id high-water mark, and failures classified by
 * SQLState class — the one place where PostgreSQL's errors become flow-db exceptions.
 */
public final class PostgresDialect implements Dialect {

    /** The one instance: the dialect holds no state. */
    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public SQLDialect jooqDialect() {
        return SQLDialect.POSTGRES;
    }

    /**
     * Through JDBC's auto-commit switch rather than a BEGIN statement: pgjdbc then sends its BEGIN
     * in the same message as the transaction's first statement, one round trip less per
     * transaction. A write runs READ COMMITTED (rows are locked by the statements that change
     * them, the graph by an advisory lock); the reader pool's connections are read-only and
     * REPEATABLE READ (set once per connection by the pool), so a read sees one snapshot.
     */
    @Override
    public void begin(Connection connection, boolean write) throws SQLException {
        connection.setAutoCommit(false);
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The integer elements of a dependency list; nothing for NULL or a text that is not an array. */
    private static Table<?> dependencyElements(Field<?> dependencies, String alias) {
        return DSL.table("jsonb_array_elements(case when jsonb_typeof(({0})::jsonb) = 'array' then ({0})::jsonb else '[]'::jsonb end)",
                dependencies).as(alias, "value");
    }

    private static Field<Long> integer(String alias) {
        return DSL.field("case when jsonb_typeof({0}) = 'number' then ({0})::text::numeric::bigint end", SQLDataType.BIGINT,
                DSL.field(DSL.name(alias, "value")));
    }

    /** True for a feature with at least one dependency that names no passing feature. */
    @Override
    public Condition hasUnmetDependency(Features f) {
        Table<?> d = dependencyElements(f.DEPENDENCIES, "d");
        Features dep = FEATURES.as("dep");
        Field<Long> value = integer("d");
        return DSL.exists(DSL.selectOne().from(d).where(value.isNotNull())
                .and(DSL.notExists(DSL.selectOne().from(dep).where(dep.ID.eq(value)).and(dep.PASSES.isTrue()))));
    }

    @Override
    public Condition dependsOn(Features f, long id) {
        return DSL.exists(DSL.selectOne().from(dependencyElements(f.DEPENDENCIES, "d")).where(integer("d").eq(id)));
    }

    @Override
    public Select<Record1<Long>> idsOf(Field<String> jsonArray) {
        return DSL.select(DSL.field("(value)::bigint", SQLDataType.BIGINT))
                .from(DSL.table("jsonb_array_elements_text(cast({0} as jsonb))", jsonArray));
    }

    /**
     * {@code id = ANY(ARRAY(the ids))}: PostgreSQL guesses 100 rows for a function over a bound
     * JSON text and plans {@code IN} as a hash join over the whole table (3.4 ms at 10 000
     * features); the array form is an init plan and a primary-key index scan (0.09 ms).
     */
    @Override
    public Condition idIn(Field<Long> id, Field<String> jsonArray) {
        return DSL.condition("{0} = any(array({1}))", id, idsOf(jsonArray));
    }

    /** The identity sequence's last value (0 before the first id). */
    @Override
    public long idHighWaterMark(Session ctx) {
        Long last = ctx.dsl().fetchOne("select coalesce(pg_sequence_last_value(pg_get_serial_sequence('features', 'id')::regclass), 0)")
                .get(0, Long.class);
        return last == null ? 0 : last;
    }

    @Override
    public FlowDbException translate(Throwable failure, String what) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FlowDbException known) {
                return known;
            }
            if (t instanceof SQLTransientConnectionException timeout) {
                return new DatabaseBusyException(what + ": no connection of this process's pool came free in time ("
                        + timeout.getMessage() + ")", failure);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return classify(sql, what, failure);
            }
        }
        return new DatabaseAccessException(what + ": " + firstLine(failure.getMessage(), failure), failure);
    }

    /**
     * By SQLState (PostgreSQL appendix A): serialization failures, deadlocks, lock and statement
     * timeouts → busy (safe to retry the whole transaction); read-only transactions and missing
     * privileges → read-only; a server shutting down or restarting, connection failures and
     * everything else → access, with the server's first line (a broken connection may hide a
     * commit that went through, so those are not retried for the caller).
     */
    private static FlowDbException classify(SQLException sql, String what, Throwable failure) {
        String state = sql.getSQLState();
        String text = firstLine(sql.getMessage(), sql) + " [SQLState " + state + "]";
        return switch (state) {
            case "40001", "40P01", "55P03", "57014" ->
                    new DatabaseBusyException(what + ": PostgreSQL refused for contention; retry the transaction (" + text + ")", failure);
            case "25006", "42501" -> new ReadOnlyDatabaseException(what + ": PostgreSQL refused to write (" + text + ")", failure);
            case "XX001", "XX002" -> new CorruptDatabaseException(what + ": PostgreSQL reports damaged data (" + text + ")", failure);
            case "57P01", "57P02", "57P03" -> new DatabaseAccessException(what + ": the PostgreSQL server is shutting down or "
                    + "restarting (" + text + "); a write in flight was rolled back unless its commit had gone through: "
                    + "read before retrying it", failure);
            default -> state.startsWith("08")
                    ? new DatabaseAccessException(what + ": cannot reach PostgreSQL (" + text + "): check the URL, the server and the network", failure)
                    : new DatabaseAccessException(what + ": " + text, failure);
        };
    }

    private static String firstLine(String message, Throwable t) {
        return message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
