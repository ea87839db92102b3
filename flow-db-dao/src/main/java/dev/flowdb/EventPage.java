package dev.flowdb;

import java.util.List;

/**
 * One page of the change feed and where the next one starts.
 *
 * @param events the events, in feed order
 * @param next the cursor to pass to the next {@link EventLog#after(EventCursor, int)}; the given
 *        cursor again when there were none
 */
@Beta
public record EventPage(List<ChangeEvent> events, EventCursor next) {

    /**
     * Copies the list.
     *
     * @param events the {@code events} component
     * @param next the {@code next} component
     */
    public EventPage {
        events = List.copyOf(events);
    }
}
