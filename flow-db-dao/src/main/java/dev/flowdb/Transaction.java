package dev.flowdb;

import org.jooq.DSLContext;

/**
 * An open write transaction ({@code BEGIN IMMEDIATE} on the single writer connection), handed to
 * the work of {@link Database#write(WriteWork)}. Everything done through it commits or rolls back
 * together. Use it only on the thread that received it, and only inside the work.
 */
public interface Transaction {

    /** {@return a jOOQ context bound to this transaction, for any query over the generated tables} */
    DSLContext dsl();

    /** {@return the actor the transaction runs for} */
    Actor actor();

    /** {@return the feature store, acting for {@link #actor()}, inside this transaction} */
    FeatureStore features();

    /**
     * The domain verbs inside this transaction, acting for another actor.
     *
     * @param actor who acts
     * @return the feature store acting for {@code actor} inside this transaction
     */
    FeatureStore features(Actor actor);

    /** {@return the event log inside this transaction, logging for {@link #actor()}} */
    EventLog events();
}
