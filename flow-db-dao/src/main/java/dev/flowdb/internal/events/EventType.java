package dev.flowdb.internal.events;

import java.util.HashMap;
import java.util.Map;

/**
 * The event types flow-db itself writes, by their stored names; {@link EventLogImpl#fold} folds
 * only these, in a switch the compiler checks covers every one. Custom events (any other name)
 * are kept and listed but never folded.
 */
public enum EventType {
    CREATED, CLAIMED, STATUS_CHANGE, SKIPPED, UPDATED, DEPENDENCY_ADDED, DEPENDENCY_REMOVED, DEPENDENCIES_SET,
    HUMAN_INPUT_REQUESTED, HUMAN_INPUT_ANSWERED, CLAIM_RELEASED, CLAIM_RENEWED, DELETED;

    private static final Map<String, EventType> BY_NAME = new HashMap<>();

    static {
        for (EventType type : values()) {
            BY_NAME.put(type.stored(), type);
        }
    }

    private final String stored = name().toLowerCase(java.util.Locale.ROOT);

    /** @return the name stored in {@code change_events.event_type} */
    public String stored() {
        return stored;
    }

    /** @return the built-in type stored as {@code name}, or {@code null} for a custom event */
    static EventType ofStored(String name) {
        return BY_NAME.get(name);
    }
}
