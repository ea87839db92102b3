/**
 * The flow-db schema: the Liquibase changelog on the class path
 * ({@code db/changelog/db.changelog-master.xml}), the jOOQ classes generated from it
 * ({@code dev.flowdb.schema.jooq}: {@code Tables.FEATURES}, {@code Tables.CHANGE_EVENTS},
 * {@code Tables.FLOW_META}) and the converters between the stored text and Java values.
 */
package dev.flowdb.schema;
