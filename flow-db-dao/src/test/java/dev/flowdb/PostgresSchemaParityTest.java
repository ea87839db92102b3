package dev.flowdb;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The PostgreSQL changelog makes the tables the classes generated from SQLite describe: every
 * generated field has a column of the same name, nullability and type family, so downstream
 * users' type-checked queries run unchanged on both backends.
 */
@Tag("postgres")
class PostgresSchemaParityTest {

    /** The PostgreSQL type each generated type family must meet. */
    private static String expected(Field<?> field) {
        var type = field.getDataType();
        if (type.getSQLDataType().getTypeName().equals("bigint")) {
            return "bigint";
        }
        if (type.getSQLDataType().getTypeName().equals("boolean")) {
            return "boolean";
        }
        if (type.hasLength() && type.length() > 0) {
            return "character varying(" + type.length() + ")";
        }
        return "text";
    }

    @Test
    void everyGeneratedFieldHasItsColumn() throws Exception {
        String url = PostgresServer.get().emptyUrl();
        Database.open(url).close();
        try (Connection c = DriverManager.getConnection(url)) {
            for (Table<?> table : List.of(FEATURES, CHANGE_EVENTS)) {
                Map<String, String> columns = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement("select column_name, format_type(a.atttypid, a.atttypmod), not a.attnotnull "
                        + "from information_schema.columns ic join pg_attribute a on a.attrelid = (ic.table_schema || '.' || ic.table_name)::regclass "
                        + "and a.attname = ic.column_name where ic.table_name = ? and ic.table_schema = current_schema()")) {
                    ps.setString(1, table.getName());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            columns.put(rs.getString(1), rs.getString(2) + (rs.getBoolean(3) ? " null" : " not null"));
                        }
                    }
                }
                for (Field<?> field : table.fields()) {
                    String nullability = field.getDataType().nullable() ? " null" : " not null";
                    assertThat(columns).as(table.getName() + "." + field.getName())
                            .containsEntry(field.getName(), expected(field) + nullability);
                }
            }
        }
    }

    /**
     * An up-to-date database records the changelog's checksum and is opened without Liquibase;
     * one whose record is missing or different is migrated by a write open (which records it
     * again), and refused by a read-only one.
     */
    @Test
    void theChangelogChecksumIsRecordedAndAnOutdatedRecordIsMigratedOrRefused() throws Exception {
        String url = PostgresServer.get().emptyUrl();
        Database.open(url).close();
        String recorded = checksum(url);
        assertThat(recorded).as("the checksum recorded by the first open").isNotBlank();
        try (Database readOnly = Database.builder(url).readOnly(true).open()) {
            assertThat(readOnly.features().stats().total()).isZero();
        }
        execute(url, "update flow_meta set value = 'older' where key = 'schema_checksum'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.builder(url).readOnly(true).open())
                .isInstanceOf(SchemaVersionException.class).hasMessageContaining("older schema").hasMessageContaining("open it once for writing");
        Database.open(url).close();
        assertThat(checksum(url)).as("recorded again by the write open").isEqualTo(recorded);
        execute(url, "delete from flow_meta");
        Database.open(url).close();
        assertThat(checksum(url)).isEqualTo(recorded);
    }

    private static String checksum(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("select value from flow_meta where key = 'schema_checksum'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
