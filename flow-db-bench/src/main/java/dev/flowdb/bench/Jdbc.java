package dev.flowdb.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flowdb.Feature;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    static Feature map(ResultSet rs) throws SQLException {
        return new Feature(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Json.parseStrings(rs.getString(6)), rs.getInt(7) == 1, rs.getInt(8) == 1, Json.parseIntegers(rs.getString(9)),
                rs.getInt(10) == 1, rs.getString(11), rs.getString(12), rs.getString(13), TimestampConverter.parse(rs.getString(14)),
                TimestampConverter.parse(rs.getString(15)), TimestampConverter.parse(rs.getString(16)), TimestampConverter.parse(rs.getString(17)));
    }
}
