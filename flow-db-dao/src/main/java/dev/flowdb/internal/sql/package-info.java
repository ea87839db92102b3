/**
 * Everything that is SQL: the repository contract every backend fulfils ({@code FeatureRepository})
 * and its JDBC base ({@code JdbcFeatureRepository}), the kept statements rendered at build time
 * from their jOOQ DSL definitions ({@code KeptSql}), the row mappers ({@code FeatureRows},
 * {@code EventRows}, {@code TextColumns}), the dialect seam ({@code Dialect}: what differs between
 * databases) and the change counters a read compares ({@code Versions}).
 *
 * <p>May use: {@code engine} (a write method runs in the transaction it is handed), {@code picture}
 * (the repository's write methods are the only path that feeds the shared picture),
 * {@code events} (the stored event types), {@code wire}; {@code KeptSql} names the two dialects
 * it renders for. Not API.
 */
package dev.flowdb.internal.sql;
