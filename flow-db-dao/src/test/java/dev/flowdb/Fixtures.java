package dev.flowdb;

import dev.flowdb.internal.wire.JsonValues;
import dev.flowdb.schema.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The legacy features.db files of the originals (copied from the shared fixtures) and their expected answers. */
public final class Fixtures {

    /** Every fixture file. */
    public static final List<String> NAMES = List.of("autocoder-current", "autocoder-upgraded", "ts-port", "rust-port");

    private Fixtures() {
    }

    /** Copies fixture {@code name} to {@code dir/<name>.db} (the original stays the reference). */
    public static Path copy(String name, Path dir) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".db")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            Path target = dir.resolve(name + ".db");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected answers of the Python reference semantics for fixture {@code name}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> expected(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/expected/" + name + ".json")) {
            return (Map<String, Object>) JsonValues.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a query with plain JDBC (no flow-db) and returns its rows as lists of column values. */
    public static List<List<Object>> query(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs statements with plain JDBC (no flow-db), as another tool would. */
    public static void execute(Path db, String... sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(String.join("; ", sql), e);
        }
    }
}
