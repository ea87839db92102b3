/**
 * The PostgreSQL backend: pools and session settings ({@code PostgresBackend}), its dialect and
 * SQLState classification ({@code PostgresDialect}), its repository
 * ({@code PostgresFeatureRepository}: advisory graph lock, identity ids, claims with
 * {@code FOR UPDATE SKIP LOCKED}, the feed by writing transaction) and the picture's cache that
 * catches up from the graph version and the status log ({@code PostgresBacklogCache}).
 *
 * <p>May use: {@code engine}, {@code sql}, {@code picture}, {@code migrate}, and {@code sqlite}'s
 * error texts. Not API.
 */
package dev.flowdb.internal.postgres;
