/**
 * flow-db: the feature backlog of autonomous coding agents in one SQLite file, with a complete
 * audit log. Start at {@link dev.flowdb.Database}; the domain verbs are on
 * {@link dev.flowdb.FeatureStore}, the log on {@link dev.flowdb.EventLog}. Every failure is a
 * {@link dev.flowdb.FlowDbException}. Everything under {@code dev.flowdb.internal} is
 * implementation and may change without notice.
 */
package dev.flowdb;
