/**
 * flow-db: the feature backlog of autonomous coding agents in one SQLite file, with a complete
 * audit log. Start at {@link dev.flowdb.Database}; the domain verbs are on
 * {@link dev.flowdb.FeatureStore}, the log on {@link dev.flowdb.EventLog}. Every failure is a
 * {@link dev.flowdb.FlowDbException}.
 *
 * <h2>What is public API</h2>
 * The public types of this package and the generated jOOQ classes of
 * {@code dev.flowdb.schema.jooq} (the tables, their fields and records, which your own queries
 * compile against) follow semantic versioning: within a major version they change only by
 * additions. Types and members marked {@link dev.flowdb.Beta} may still change in a minor
 * release. Everything under {@code dev.flowdb.internal} (and {@code dev.flowdb.*.internal}) is
 * implementation and may change without notice, even where it is {@code public}. The build keeps
 * a snapshot of every public signature ({@code api/}) and fails on any difference, so no change of
 * the public API goes unnoticed.
 */
package dev.flowdb;
