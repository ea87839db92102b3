package dev.flowdb.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.NewFeature;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The raw-JDBC baseline: what a hand-written JDBC DAO does on the same file with the same
 * pragmas — borrow a pooled connection, prepare, execute, map to the same {@link Feature}.
 */
final class Jdbc {

    static final String COLUMNS = "id, priority, category, name, description, steps, passes, in_progress, dependencies, "
            + "needs_human_input, human_input_request, human_input_response, claimed_by, claimed_at, claim_renewed_at, created_at, updated_at";

    private Jdbc() {
    }

    static HikariDataSource pool(Path file, int size) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        config.setCacheSize(-65536);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(256L * 1024 * 1024));
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:sqlite:" + file);
        hikari.setDataSourceProperties(config.toProperties());
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName("jdbc-baseline");
        return new HikariDataSource(hikari);
    }

    /**
     * Inserts {@code bulk} as new rows with the ids {@code ids} (dependencies are indices into
     * the bulk) and one {@code created} event each carrying the row's fields as JSON (as
     * flow-db's do), in two JDBC batches on {@code c}, in the transaction the caller opened.
     *
     * @param no the SQL literal of a false flag ({@code 0} on SQLite, {@code false} on PostgreSQL)
     */
    static void insertBulk(Connection c, List<NewFeature> bulk, long[] ids, String now, String no) throws SQLException {
        try (PreparedStatement f = c.prepareStatement("insert into features (id, priority, category, name, description, steps, passes, in_progress, "
                + "dependencies, needs_human_input, created_at, updated_at) values (?, ?, ?, ?, ?, ?, " + no + ", " + no + ", ?, " + no + ", ?, ?)");
             PreparedStatement e = c.prepareStatement("insert into change_events (feature_id, event_type, new_value, agent, source, created_at) "
                     + "values (?, 'created', ?, 'bench', 'jmh', ?)")) {
            for (int i = 0; i < bulk.size(); i++) {
                NewFeature n = bulk.get(i);
                List<Long> deps = n.dependencies().stream().map(r -> ids[((DependencyRef.Index) r).index()]).toList();
                String steps = Json.writeStrings(n.steps());
                String dependencies = Json.writeIntegers(deps);
                f.setLong(1, ids[i]);
                f.setLong(2, i + 1);
                f.setString(3, n.category());
                f.setString(4, n.name());
                f.setString(5, n.description());
                f.setString(6, steps);
                f.setString(7, dependencies);
                f.setString(8, now);
                f.setString(9, now);
                f.addBatch();
                e.setLong(1, ids[i]);
                e.setString(2, "{\"priority\":" + (i + 1) + ",\"category\":" + Json.write(n.category()) + ",\"name\":" + Json.write(n.name())
                        + ",\"description\":" + Json.write(n.description()) + ",\"steps\":" + steps + ",\"passes\":false,\"in_progress\":false"
                        + ",\"dependencies\":" + dependencies + ",\"needs_human_input\":false,\"human_input_request\":null"
                        + ",\"human_input_response\":null,\"claimed_by\":null,\"claimed_at\":null}");
                e.setString(3, now);
                e.addBatch();
            }
            f.executeBatch();
            e.executeBatch();
        }
    }

    /** The {@code claimed} event of a claim the caller's transaction just made. */
    static void insertClaimedEvent(Connection c, long id, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into change_events (feature_id, event_type, field, old_value, new_value, agent, source, "
                + "created_at) values (?, 'claimed', null, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "{\"in_progress\":false}");
            ps.setString(3, "{\"in_progress\":true,\"claimed_by\":\"bench\",\"claimed_at\":\"" + now + "\"}");
            ps.setString(4, "bench");
            ps.setString(5, "jmh");
            ps.setString(6, now);
            ps.executeUpdate();
        }
    }

    static Feature map(ResultSet rs) throws SQLException {
        return new Feature(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Json.parseStrings(rs.getString(6)), rs.getInt(7) == 1, rs.getInt(8) == 1, Json.parseIntegers(rs.getString(9)),
                rs.getInt(10) == 1, rs.getString(11), rs.getString(12), rs.getString(13), TimestampConverter.parse(rs.getString(14)),
                TimestampConverter.parse(rs.getString(15)), TimestampConverter.parse(rs.getString(16)), TimestampConverter.parse(rs.getString(17)));
    }
}
