/**
 * The engine: what a {@code Database} is made of at run time — the target to open
 * ({@code DatabaseTarget}), the backend seam ({@code Backend}: pools and dialect of one kind of
 * database), the transactions ({@code Engine}: the single writer, read transactions, the
 * thread's open write transaction, busy retries) and the {@link dev.flowdb.internal.engine.Session}
 * a statement runs on (a JDBC connection, jOOQ's context made on demand), with its prepared
 * statement cache.
 *
 * <p>May use: {@code sql} (the repository a transaction hands out), {@code picture} (the caches
 * a transaction feeds before it commits), {@code wire}; it names {@code sqlite} and
 * {@code postgres} only to choose the backend of a target when it opens. Not API.
 */
package dev.flowdb.internal.engine;
