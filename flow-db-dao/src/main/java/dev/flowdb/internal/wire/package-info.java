/**
 * The formats the front ends share: Python's {@code json.dumps} text ({@code PyJson}), the
 * original's JSON shape of a feature and its answers ({@code OriginalJson}), the JSON values of
 * columns and events ({@code JsonValues}) and durations as people type them ({@code Durations},
 * {@code 30m}, {@code 2h}).
 *
 * <p>May use: only the public API and the schema's converters: it is the bottom layer. Not API.
 */
package dev.flowdb.internal.wire;
