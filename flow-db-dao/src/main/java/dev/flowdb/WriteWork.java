package dev.flowdb;

/**
 * Work done in one write transaction.
 *
 * @param <T> what the work returns
 * @param <X> the checked exception the work may throw ({@link RuntimeException} when none); the
 *            transaction rolls back and it reaches the caller of {@link Database#write(WriteWork)} as it is
 */
@FunctionalInterface
public interface WriteWork<T, X extends Exception> {

    /**
     * Runs inside the transaction.
     *
     * @param tx the open transaction
     * @return the result, handed back by {@link Database#write(WriteWork)} after the commit
     * @throws X the work's own failure: the transaction rolls back and it is rethrown unchanged
     */
    T run(Transaction tx) throws X;
}
