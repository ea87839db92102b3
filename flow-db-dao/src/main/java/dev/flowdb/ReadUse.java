package dev.flowdb;

import org.jooq.DSLContext;

/**
 * Work done in one read transaction that returns nothing (see {@link Database#useRead(ReadUse)}).
 *
 * @param <X> the checked exception the work may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface ReadUse<X extends Exception> {

    /**
     * Reads.
     *
     * @param ctx a jOOQ context on a read-only connection
     * @throws X the work's own failure, rethrown unchanged
     */
    void run(DSLContext ctx) throws X;
}
