/**
 * What only makes a short-lived process start fast ({@code StartupWarmup}: SQLite, HikariCP and
 * jOOQ warmed on other threads while the main thread parses its command line). The library never
 * starts it; the command line and the MCP server do.
 *
 * <p>May use: {@code engine}, {@code migrate}, {@code sqlite}. Not API.
 */
package dev.flowdb.internal.startup;
