/**
 * The SQLite backend: opening a file (or memory) with its pools, pragmas and journal mode
 * ({@code SqliteBackend}, {@code NetworkFileSystems}), its dialect and error classification
 * ({@code SqliteDialect}, {@code SqliteErrors}), its repository ({@code SqliteFeatureRepository}:
 * the picture from one statement, {@code json_each} probes).
 *
 * <p>May use: {@code engine}, {@code sql}, {@code migrate}. Nothing else names it but the engine
 * choosing a backend, and the kept statements rendering for it. Not API.
 */
package dev.flowdb.internal.sqlite;
