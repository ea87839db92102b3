package dev.flowdb.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Every table's rows (and the schema) as text, read with plain JDBC: two dumps are equal iff nothing changed. */
final class DatabaseDump {

    private DatabaseDump() {
    }

    static String of(Path db) {
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select type, name, sql from sqlite_master order by type, name")) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(": ").append(rs.getString(3)).append('\n');
                    if (rs.getString(1).equals("table")) {
                        tables.add(rs.getString(2));
                    }
                }
            }
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("select * from \"" + table + "\" order by rowid")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        sb.append(table).append(':');
                        for (int i = 1; i <= n; i++) {
                            sb.append(' ').append(rs.getString(i));
                        }
                        sb.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dump of " + db, e);
        }
        return sb.toString();
    }
}
