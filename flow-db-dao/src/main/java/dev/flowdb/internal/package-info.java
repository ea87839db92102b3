/**
 * The implementation of {@code dev.flowdb}, by concern; none of it is API, public or not. The
 * layers, from the verbs down:
 *
 * <ol>
 *   <li>{@link dev.flowdb.internal.store} and {@link dev.flowdb.internal.events}: the verbs' rules
 *       and the audit log;</li>
 *   <li>{@link dev.flowdb.internal.picture}: the scheduling picture and its caches;</li>
 *   <li>{@link dev.flowdb.internal.sql}: the repository contract, kept statements, row mapping, the
 *       dialect seam;</li>
 *   <li>{@link dev.flowdb.internal.engine}: transactions, sessions, the backend seam;</li>
 *   <li>{@link dev.flowdb.internal.wire}: the JSON and text formats the front ends share.</li>
 * </ol>
 *
 * Beside them, plugged into the seams: the backends {@link dev.flowdb.internal.sqlite} and
 * {@link dev.flowdb.internal.postgres}, and schema and copy work in {@link dev.flowdb.internal.migrate}.
 * What only makes a short-lived process start fast (warm-up threads, the native-library cache and
 * its system properties) is not here but in the command line ({@code dev.flowdb.cli}). Each
 * package's own documentation says what it may use; the edges that still point upwards (the
 * engine choosing a backend and feeding the picture's cache, the kept statements naming both
 * dialects, the repository's write path feeding the picture) are listed there.
 */
package dev.flowdb.internal;
