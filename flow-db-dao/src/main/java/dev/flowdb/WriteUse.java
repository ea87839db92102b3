package dev.flowdb;

/**
 * Work done in one write transaction that returns nothing (see {@link Database#useWrite(WriteUse)}).
 *
 * @param <X> the checked exception the work may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface WriteUse<X extends Exception> {

    /**
     * Runs inside the transaction.
     *
     * @param tx the open transaction
     * @throws X the work's own failure: the transaction rolls back and it is rethrown unchanged
     */
    void run(Transaction tx) throws X;
}
