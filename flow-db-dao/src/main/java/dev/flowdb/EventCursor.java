package dev.flowdb;

import java.util.Comparator;

/**
 * A position in the change feed ({@link EventLog#after(EventCursor, int)}) that never skips an
 * event, on every backend. On SQLite events are committed in id order by the single writer, so
 * the position is the last event's id ({@code transaction} is 0). On PostgreSQL ids are taken at
 * insert time and committed out of order across hosts, so the feed is ordered by the writing
 * transaction's id, then the event id, and only reaches up to the oldest transaction still
 * running: no event can later commit before the cursor.
 *
 * <p>The text form ({@link #toString()}, {@link #parse(String)}) is {@code <transaction>:<eventId>},
 * or just {@code <eventId>} when the transaction is 0, so SQLite cursors read as event ids.
 *
 * @param transaction the writing transaction's id (PostgreSQL's {@code xid8}); 0 on SQLite
 * @param eventId the event id
 */
@Beta
public record EventCursor(long transaction, long eventId) implements Comparable<EventCursor> {

    /** Before every event. */
    public static final EventCursor START = new EventCursor(0, 0);

    private static final Comparator<EventCursor> ORDER =
            Comparator.comparingLong(EventCursor::transaction).thenComparingLong(EventCursor::eventId);

    /**
     * Checks the components.
     *
     * @param transaction the writing transaction's id, at least 0
     * @param eventId the event id, at least 0
     * @throws ValidationException if either is negative
     */
    public EventCursor {
        if (transaction < 0 || eventId < 0) {
            throw new ValidationException("cursor", "an event cursor is two numbers of at least 0, got " + transaction + ":" + eventId);
        }
    }

    /**
     * The cursor right after event {@code eventId} of a SQLite log, or of the first
     * transaction of a PostgreSQL one.
     *
     * @param eventId the id of the last event seen
     * @return the cursor
     */
    public static EventCursor afterEvent(long eventId) {
        return new EventCursor(0, eventId);
    }

    /**
     * Reads a cursor's text form.
     *
     * @param text {@code <transaction>:<eventId>} or {@code <eventId>}
     * @return the cursor
     * @throws ValidationException if the text is not one
     */
    public static EventCursor parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("cursor", "an event cursor must not be blank");
        }
        String[] parts = text.trim().split(":", -1);
        try {
            return parts.length == 1 ? afterEvent(Long.parseLong(parts[0]))
                    : parts.length == 2 ? new EventCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1])) : invalid(text);
        } catch (NumberFormatException notNumbers) {
            return invalid(text);
        }
    }

    private static EventCursor invalid(String text) {
        throw new ValidationException("cursor", "an event cursor reads <transaction>:<eventId> or <eventId>, got '" + text + "'");
    }

    @Override
    public int compareTo(EventCursor other) {
        return ORDER.compare(this, other);
    }

    /** {@return the text form: {@code <transaction>:<eventId>}, or {@code <eventId>} when the transaction is 0} */
    @Override
    public String toString() {
        return transaction == 0 ? String.valueOf(eventId) : transaction + ":" + eventId;
    }

    /** Null checks for {@link #parse}; a nested holder keeps the record's API to its own members. */
    private static final class Validation {
        static void notNullText(String text) {
            if (text == null || text.isBlank()) {
                throw new ValidationException("cursor", "an event cursor must not be blank");
            }
        }
    }
}
