package dev.flowdb;

/**
 * Work done in one write transaction.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface WriteWork<T> {

    /**
     * Runs inside the transaction.
     *
     * @param tx the open transaction
     * @return the result, handed back by {@link Database#write(WriteWork)} after the commit
     * @throws Exception anything; the transaction rolls back and the failure is rethrown as a {@link FlowDbException}
     */
    T run(Transaction tx) throws Exception;
}
