package dev.flowdb.internal.sql;

import dev.flowdb.internal.engine.Session;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;

import dev.flowdb.ChangeEvent;
import dev.flowdb.schema.TimestampConverter;
import dev.flowdb.schema.jooq.tables.records.ChangeEventsRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jooq.Field;

/**
 * The row mapper of {@code change_events}: a generated record, or a JDBC row of {@link #COLUMNS}
 * (as the kept statements select them), to a {@link ChangeEvent}.
 */
public final class EventRows {

    /**
     * The columns the kept event reads select, in this order: named here so a row is read without
     * initialising jOOQ (see {@link Session}); {@code KeptSqlTest} checks them against the generated table.
     */
    static final List<String> COLUMNS = List.of("id", "feature_id", "event_type", "field", "old_value", "new_value",
            "agent", "source", "created_at");

    private EventRows() {
    }

    /** @return the fields of {@link #COLUMNS}, in that order */
    static List<Field<?>> fields() {
        return COLUMNS.stream().<Field<?>>map(CHANGE_EVENTS::field).toList();
    }

    public static ChangeEvent event(ChangeEventsRecord r) {
        return new ChangeEvent(r.getId(), r.getFeatureId(), r.getEventType(), r.getField(), r.getOldValue(),
                r.getNewValue(), r.getAgent(), r.getSource(), r.getCreatedAt());
    }

    /** A JDBC row of {@link #COLUMNS} to an event; texts are read as {@code text} reads them. */
    public static ChangeEvent event(ResultSet rs, TextColumns text) throws SQLException {
        return new ChangeEvent(rs.getLong(1), rs.getLong(2), text.read(rs, 3), text.read(rs, 4),
                text.read(rs, 5), text.read(rs, 6), text.read(rs, 7), text.read(rs, 8), TimestampConverter.parse(text.read(rs, 9)));
    }
}
