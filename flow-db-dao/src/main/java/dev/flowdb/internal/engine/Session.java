package dev.flowdb.internal.engine;

import java.sql.Connection;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * One connection's work inside a read snapshot or a write transaction: the plain JDBC connection
 * the kept statements run on ({@link #connection()}), and jOOQ's context over the same
 * connection, made the first time something asks for it ({@link #dsl()}).
 *
 * <p>Why not a {@code DSLContext} from the start: making the first one in a JVM initialises
 * jOOQ's type registry, which loads the data types of every dialect jOOQ knows — 110 to 180 ms on
 * the 2-core VM of BENCHMARKS.md ("Start-up"), more than the rest of a cold {@code flow-db stats}.
 * The statements a short command runs are kept statements over the connection, so such a process
 * never pays for it; a caller's own jOOQ query, or a rare statement written in the DSL, still
 * gets its context, on the same connection and in the same transaction.
 */
public final class Session {

    private final Connection connection;
    private final Supplier<DSLContext> factory;
    private DSLContext dsl;

    /**
     * @param connection the connection of the snapshot or transaction (kept statements included)
     * @param factory makes jOOQ's context over {@code connection}, called at most once
     */
    Session(Connection connection, Supplier<DSLContext> factory) {
        this.connection = connection;
        this.factory = factory;
    }

    /**
     * @param dsl a context that is already open on one connection (a caller's own snapshot, in tests)
     * @return a session over that context's connection
     */
    public static Session over(DSLContext dsl) {
        return new Session(dsl.configuration().connectionProvider().acquire(), () -> dsl);
    }

    /** @return the connection of this snapshot or transaction; never closed by the caller */
    public Connection connection() {
        return connection;
    }

    /** @return jOOQ's context over {@link #connection()}, made on the first call */
    public DSLContext dsl() {
        DSLContext made = dsl;
        if (made == null) {
            dsl = made = factory.get();
        }
        return made;
    }
}
