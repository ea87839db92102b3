package dev.flowdb.internal.engine;

import dev.flowdb.internal.sql.Dialect;
import dev.flowdb.internal.sql.FeatureRepository;
import dev.flowdb.internal.sqlite.SqliteBackend;

import com.zaxxer.hikari.HikariDataSource;

/**
 * What one opened database engine hands the transaction core ({@link Engine}): its pools, its
 * dialect, its repository, and what else to close. Each backend has one class that opens it and
 * makes this ({@link SqliteBackend}).
 *
 * @param where how messages name the database (a path, or "in-memory database")
 * @param dialect where its SQL differs
 * @param repository its statements
 * @param writer the pool of one write connection, or {@code null} when opened read-only
 * @param readers the pool of read-only connections
 * @param alsoClose closed after the pools (e.g. the connection that keeps an in-memory database), or {@code null}
 * @param keepStatements whether connections are wrapped by a {@link StatementCache} (SQLite, whose
 *        driver plans every statement anew; pgjdbc keeps server-side prepared statements itself)
 */
public record Backend(String where, Dialect dialect, FeatureRepository repository,
               HikariDataSource writer, HikariDataSource readers, AutoCloseable alsoClose, boolean keepStatements) {
}
