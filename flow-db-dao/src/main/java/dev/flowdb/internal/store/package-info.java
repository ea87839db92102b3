/**
 * The verbs' rule book: {@code FeatureStoreImpl} (every verb of {@link dev.flowdb.FeatureStore}
 * with its checks in the original's order and the original's texts, held by the exceptions'
 * factories), the argument rules of each entry point ({@code Validation}, after
 * {@link dev.flowdb.EntryRules}), the bulk planning ({@code Batches}), the column changes each verb
 * asks for ({@code Changes}), the cycle check and the reads that answer from the scheduling
 * picture ({@code FeatureReads}, {@code Graphs}).
 *
 * <p>May use: {@code engine} (transactions), {@code sql} (the repository, the only path to the
 * database), {@code picture}, {@code events} (the event types it writes), {@code wire}. Nothing
 * below it uses it, but the public records' constructors and {@code events}, which take
 * {@code Validation}'s argument checks. Not API.
 */
package dev.flowdb.internal.store;
