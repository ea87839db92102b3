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

/**
 * The PostgreSQL changelog makes the tables the classes generated from SQLite describe: every
 * generated field has a column of the same name, nullability and type family, so downstream
 * users' type-checked queries run unchanged on both backends.
 */
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
}
