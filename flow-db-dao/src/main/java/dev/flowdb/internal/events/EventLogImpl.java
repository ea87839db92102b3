package dev.flowdb.internal.events;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.store.Validation;
import dev.flowdb.internal.wire.JsonValues;
import dev.flowdb.internal.wire.PyJson;

import dev.flowdb.Actor;
import dev.flowdb.ChangeEvent;
import dev.flowdb.EventLog;
import dev.flowdb.Feature;
import dev.flowdb.ValidationException;
import dev.flowdb.schema.TimestampConverter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The audit log over {@code change_events}. */
public final class EventLogImpl implements EventLog {

    private final Engine engine;
    private final Actor actor;

    /**
     * @param engine the database
     * @param actor who logs custom events
     */
    public EventLogImpl(Engine engine, Actor actor) {
        this.engine = engine;
        this.actor = actor;
    }

    @Override
    public ChangeEvent log(long featureId, String eventType, String field, String oldValue, String newValue) {
        Validation.id("featureId", featureId);
        return logChecked(featureId, eventType, field, oldValue, newValue);
    }

    @Override
    public ChangeEvent logForBacklog(String eventType, String newValue) {
        return logChecked(BACKLOG, eventType, null, null, newValue);
    }

    private ChangeEvent logChecked(long featureId, String eventType, String field, String oldValue, String newValue) {
        if (eventType == null || eventType.isBlank()) {
            throw new ValidationException("eventType", "eventType must not be blank");
        }
        checkJson("oldValue", oldValue);
        checkJson("newValue", newValue);
        return engine.write(tx -> engine.repository().appendEventReturning(tx.session(), actor, engine.now(), featureId, eventType,
                field, oldValue, newValue));
    }

    private static void checkJson(String name, String value) {
        if (value == null) {
            return;
        }
        try {
            JsonValues.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(name, name + " must be JSON text (e.g. \"\\\"text\\\"\" or 42): " + e.getMessage());
        }
    }

    @Override
    public List<ChangeEvent> forFeature(long featureId) {
        return engine.readOne(ctx -> engine.repository().eventsOf(ctx, featureId));
    }

    @Override
    public List<ChangeEvent> since(long afterId, int limit) {
        Validation.limit(limit);
        return engine.readOne(ctx -> engine.repository().eventsSince(ctx, afterId, limit));
    }

    @Override
    public dev.flowdb.EventPage after(dev.flowdb.EventCursor cursor, int limit) {
        Validation.notNull("cursor", cursor);
        Validation.limit(limit);
        List<dev.flowdb.FeedEvent> page = engine.read(ctx -> engine.repository().eventsAfter(ctx, cursor, limit));
        return new dev.flowdb.EventPage(page.stream().map(dev.flowdb.FeedEvent::event).toList(),
                page.isEmpty() ? cursor : page.get(page.size() - 1).cursor());
    }

    /** The positioned events after {@code cursor}, for a subscription. */
    List<dev.flowdb.FeedEvent> positionedAfter(dev.flowdb.EventCursor cursor, int limit) {
        return engine.read(ctx -> engine.repository().eventsAfter(ctx, cursor, limit));
    }

    @Override
    public java.util.concurrent.Flow.Publisher<dev.flowdb.FeedEvent> subscribe(dev.flowdb.EventCursor from) {
        return subscribe(from, FeedPublisher.DEFAULT_POLL);
    }

    @Override
    public java.util.concurrent.Flow.Publisher<dev.flowdb.FeedEvent> subscribe(dev.flowdb.EventCursor from, java.time.Duration poll) {
        Validation.notNull("from", from);
        if (poll == null || poll.isNegative() || poll.isZero()) {
            throw new dev.flowdb.ValidationException("poll", "poll must be longer than zero");
        }
        return new FeedPublisher(engine, this, from, poll);
    }

    @Override
    public dev.flowdb.EventCursor tail() {
        return engine.readOne(ctx -> engine.repository().tail(ctx));
    }

    @Override
    public List<ChangeEvent> latest(int limit) {
        Validation.limit(limit);
        return engine.readOne(ctx -> engine.repository().latestEvents(ctx, limit));
    }

    @Override
    public Optional<Feature> replay(long featureId) {
        return fold(featureId, forFeature(featureId));
    }

    /** Folds events (oldest first) into the feature they describe. */
    @SuppressWarnings("unchecked")
    static Optional<Feature> fold(long featureId, List<ChangeEvent> events) {
        Map<String, Object> state = null;
        Instant createdAt = null;
        Instant updatedAt = null;
        for (ChangeEvent e : events) {
            EventType type = EventType.ofStored(e.eventType());
            if (type == null) {
                continue;
            }
            // a switch expression: adding an event type fails compilation until it is folded here
            state = switch (type) {
                case CREATED -> new HashMap<>((Map<String, Object>) JsonValues.parse(e.newValue()));
                case DELETED -> null;
                case CLAIMED, STATUS_CHANGE, SKIPPED, UPDATED, DEPENDENCY_ADDED, DEPENDENCY_REMOVED, DEPENDENCIES_SET,
                        HUMAN_INPUT_REQUESTED, HUMAN_INPUT_ANSWERED, CLAIM_RELEASED, CLAIM_RENEWED -> changed(state, e);
            };
            if (state != null) {
                createdAt = type == EventType.CREATED ? e.createdAt() : createdAt;
                updatedAt = e.createdAt();
            }
        }
        if (state == null) {
            return Optional.empty();
        }
        return Optional.of(new Feature(featureId, number(state.get("priority")), (String) state.get("category"),
                (String) state.get("name"), (String) state.get("description"), strings(state.get("steps")),
                Boolean.TRUE.equals(state.get("passes")), Boolean.TRUE.equals(state.get("in_progress")),
                longs(state.get("dependencies")), Boolean.TRUE.equals(state.get("needs_human_input")),
                jsonText(state.get("human_input_request")), jsonText(state.get("human_input_response")),
                (String) state.get("claimed_by"), TimestampConverter.parse((String) state.get("claimed_at")),
                TimestampConverter.parse((String) state.get("claim_renewed_at")),
                createdAt, updatedAt));
    }

    /** The state after one change event, or {@code null} while the feature has not been created. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> changed(Map<String, Object> state, ChangeEvent e) {
        if (state == null) {
            return null;
        }
        Object value = e.newValue() == null ? null : JsonValues.parse(e.newValue());
        if (e.field() != null) {
            state.put(e.field(), value);
        } else if (value instanceof Map<?, ?> changes) {
            state.putAll((Map<String, Object>) changes);
        }
        return state;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static List<Long> longs(Object value) {
        return value instanceof List<?> list ? list.stream().map(v -> ((Number) v).longValue()).toList() : List.of();
    }

    private static String jsonText(Object value) {
        return value == null ? null : value instanceof String s ? s : PyJson.dumps(value);
    }
}
