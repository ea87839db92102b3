/**
 * Schemas and whole backlogs: applying the Liquibase changelogs and recognising an up-to-date
 * file by its checksum ({@code Migrator}), the lock that lets a killed migration be taken over
 * ({@code MigrationLock}), and copying a whole backlog between two databases
 * ({@code BacklogCopy}).
 *
 * <p>May use: {@code engine}, {@code sql}, {@code sqlite} (the open path of a file runs over plain
 * JDBC). Not API.
 */
package dev.flowdb.internal.migrate;
