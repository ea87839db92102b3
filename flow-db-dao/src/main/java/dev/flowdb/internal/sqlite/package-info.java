/**
 * The SQLite backend: opening a file (or memory) with its pools, pragmas and journal mode
 * ({@code SqliteBackend}, {@code NetworkFileSystems}), its dialect and error classification
 * ({@code SqliteDialect}, {@code SqliteErrors}), its repository ({@code SqliteFeatureRepository}:
 * the picture from one statement, {@code json_each} probes) and the cache of the driver's native
 * library ({@code SqliteNativeCache}).
 *
 * <p>May use: {@code engine}, {@code sql}, {@code migrate}. Nothing else names it but the engine
 * choosing a backend, the kept statements rendering for it, and the start-up kit. Not API.
 */
package dev.flowdb.internal.sqlite;
