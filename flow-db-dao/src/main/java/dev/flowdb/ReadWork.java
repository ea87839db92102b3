package dev.flowdb;

import org.jooq.DSLContext;

/**
 * Work done in one read transaction: every query sees the same snapshot.
 *
 * @param <T> what the work returns
 * @param <X> the checked exception the work may throw ({@link RuntimeException} when none); it
 *            reaches the caller of {@link Database#read(ReadWork)} as it is
 */
@FunctionalInterface
public interface ReadWork<T, X extends Exception> {

    /**
     * Reads.
     *
     * @param ctx a jOOQ context on a read-only connection
     * @return the result
     * @throws X the work's own failure, rethrown unchanged
     */
    T run(DSLContext ctx) throws X;
}
