package dev.flowdb;

import org.jooq.DSLContext;

/**
 * Work done in one read transaction: every query sees the same snapshot.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface ReadWork<T> {

    /**
     * Reads.
     *
     * @param ctx a jOOQ context on a read-only connection
     * @return the result
     * @throws Exception anything; rethrown as a {@link FlowDbException}
     */
    T run(DSLContext ctx) throws Exception;
}
