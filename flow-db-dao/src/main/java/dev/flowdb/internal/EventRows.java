package dev.flowdb.internal;

import dev.flowdb.ChangeEvent;
import dev.flowdb.schema.jooq.tables.records.ChangeEventsRecord;

/** The row mapper of {@code change_events}: a generated record to a {@link ChangeEvent}. */
final class EventRows {

    private EventRows() {
    }

    static ChangeEvent event(ChangeEventsRecord r) {
        return new ChangeEvent(r.getId(), r.getFeatureId(), r.getEventType(), r.getField(), r.getOldValue(),
                r.getNewValue(), r.getAgent(), r.getSource(), r.getCreatedAt());
    }
}
