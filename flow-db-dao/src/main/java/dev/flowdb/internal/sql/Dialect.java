package dev.flowdb.internal.sql;

import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.sqlite.SqliteDialect;

import dev.flowdb.FlowDbException;
import dev.flowdb.schema.jooq.tables.Features;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Where the SQL of one database engine differs from another's: how a dependency list (a JSON
 * array of ids in a text column) is expanded, how a list of ids is bound as one parameter, how
 * transactions open, where the id high-water mark lives, and how the driver's failures are
 * classified. Everything else a {@link FeatureRepository} runs is the same jOOQ DSL on every
 * backend, rendered in {@link #jooqDialect()}.
 *
 * <p>Designed for two implementations: {@link SqliteDialect} ({@code json_each},
 * {@code BEGIN IMMEDIATE}, {@code sqlite_sequence}, SQLite result codes) and a PostgreSQL one
 * ({@code jsonb_array_elements}, {@code BEGIN} with session settings, an identity sequence,
 * SQLState classes).
 */
public interface Dialect {

    /** {@return the jOOQ dialect every context and kept statement of this backend renders in} */
    SQLDialect jooqDialect();

    /**
     * Opens a transaction on {@code connection}. A write transaction must hold what it checks
     * until its commit (on SQLite {@code BEGIN IMMEDIATE} takes the file's write lock at once); a
     * read sees one snapshot for all its queries.
     */
    void begin(Connection connection, boolean write) throws SQLException;

    /** Commits the transaction {@link #begin} opened. */
    void commit(Connection connection) throws SQLException;

    /** Rolls back the transaction {@link #begin} opened. */
    void rollback(Connection connection) throws SQLException;

    /**
     * Ready: not passing, not in progress, not waiting for a person, no unmet dependency.
     *
     * @param f the (aliased) features table of the outer query
     * @return the condition
     */
    default Condition isReady(Features f) {
        return f.PASSES.isFalse().and(f.IN_PROGRESS.isFalse()).and(f.NEEDS_HUMAN_INPUT.isFalse()).and(DSL.not(hasUnmetDependency(f)));
    }

    /**
     * True for a feature with at least one dependency that does not name a passing feature (a
     * missing feature is never passing).
     *
     * @param f the (aliased) features table of the outer query
     * @return the condition
     */
    Condition hasUnmetDependency(Features f);

    /**
     * True for a feature that lists {@code id} among its dependencies.
     *
     * @param f the features table of the outer query
     * @param id the dependency id
     * @return the condition
     */
    Condition dependsOn(Features f, long id);

    /**
     * The ids of a JSON array of integers bound as one text parameter: one SQL text, however
     * many ids.
     *
     * @param jsonArray the parameter (e.g. {@code DSL.val("[]")})
     * @return a one-column select of the ids
     */
    Select<Record1<Long>> idsOf(Field<String> jsonArray);

    /**
     * True for an {@code id} among the ids of a JSON array bound as one text parameter.
     *
     * @param id the id column of the outer query
     * @param jsonArray the parameter
     * @return the condition ({@code id IN (the ids)} unless a backend plans another form better)
     */
    default Condition idIn(Field<Long> id, Field<String> jsonArray) {
        return id.in(idsOf(jsonArray));
    }

    /**
     * The highest feature id the backend's own id counter has handed out, or 0 when it keeps
     * none; new ids are chosen above it, so a deleted feature's id is never reused.
     *
     * @param ctx where to read
     * @return the counter's value
     */
    long idHighWaterMark(Session ctx);

    /**
     * What to throw for a failure inside a transaction: the driver's failures become classified
     * flow-db exceptions; flow-db exceptions, errors and the caller's own runtime exceptions pass
     * through unchanged.
     *
     * @param failure what was thrown
     * @param what what was being done, for the message
     * @return the exception to throw
     */
    default RuntimeException rethrow(Throwable failure, String what) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof FlowDbException known) {
            return known;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof org.jooq.exception.DataAccessException) {
                return translate(failure, what);
            }
        }
        return failure instanceof RuntimeException runtime ? runtime : translate(failure, what);
    }

    /**
     * Turns any failure into a {@link FlowDbException}; a flow-db exception passes through as it is.
     *
     * @param failure what was thrown
     * @param what what was being done, for the message (e.g. {@code "open /x/features.db"})
     * @return the exception to throw
     */
    FlowDbException translate(Throwable failure, String what);
}
