package dev.flowdb.internal;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;

import dev.flowdb.Actor;
import dev.flowdb.ChangeEvent;
import dev.flowdb.EventLog;
import dev.flowdb.Feature;
import dev.flowdb.ValidationException;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/** The audit log over {@code change_events}. */
public final class EventLogImpl implements EventLog {

    /** Event types flow-db itself writes; {@link #replay(long)} folds only these. */
    static final Set<String> BUILT_IN_TYPES = Set.of("created", "claimed", "status_change", "skipped", "updated",
            "dependency_added", "dependency_removed", "dependencies_set", "human_input_requested",
            "human_input_answered", "claim_released", "claim_renewed", "deleted");

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

    /** Writes one event row. Values are JSON text or {@code null}. */
    static void append(DSLContext ctx, Actor actor, Instant at, long featureId, String type, String field,
                       String oldJson, String newJson) {
        KeptQueries.appendEvent(ctx, actor, at, featureId, type, field, oldJson, newJson);
    }

    /** The current time of {@code engine}'s clock, at the millisecond precision of the stored text. */
    static Instant now(Engine engine) {
        return Instant.now(engine.clock()).truncatedTo(ChronoUnit.MILLIS);
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
        return engine.write(tx -> {
            Instant at = now(engine);
            append(tx.dsl(), actor, at, featureId, eventType, field, oldValue, newValue);
            return tx.dsl().selectFrom(CHANGE_EVENTS).where(CHANGE_EVENTS.ID.eq(
                    tx.dsl().resultQuery("select last_insert_rowid()").fetchOne(0, Long.class))).fetchOne(Rows::toEvent);
        });
    }

    private static void checkJson(String name, String value) {
        if (value == null) {
            return;
        }
        try {
            Json.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(name, name + " must be JSON text (e.g. \"\\\"text\\\"\" or 42): " + e.getMessage());
        }
    }

    @Override
    public List<ChangeEvent> forFeature(long featureId) {
        return engine.readOne(ctx -> ctx.selectFrom(CHANGE_EVENTS)
                .where(CHANGE_EVENTS.FEATURE_ID.eq(featureId))
                .orderBy(CHANGE_EVENTS.CREATED_AT, CHANGE_EVENTS.ID)
                .fetch(Rows::toEvent));
    }

    @Override
    public List<ChangeEvent> since(long afterId, int limit) {
        Validation.limit(limit);
        return engine.readOne(ctx -> ctx.selectFrom(CHANGE_EVENTS)
                .where(CHANGE_EVENTS.ID.gt(afterId))
                .orderBy(CHANGE_EVENTS.ID)
                .limit(limit)
                .fetch(Rows::toEvent));
    }

    @Override
    public List<ChangeEvent> latest(int limit) {
        Validation.limit(limit);
        List<ChangeEvent> newestFirst = engine.readOne(ctx -> ctx.selectFrom(CHANGE_EVENTS)
                .orderBy(CHANGE_EVENTS.ID.desc())
                .limit(limit)
                .fetch(Rows::toEvent));
        List<ChangeEvent> out = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(out);
        return out;
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
            if (!BUILT_IN_TYPES.contains(e.eventType())) {
                continue;
            }
            if (e.eventType().equals("created")) {
                state = new HashMap<>((Map<String, Object>) Json.parse(e.newValue()));
                createdAt = e.createdAt();
                updatedAt = e.createdAt();
                continue;
            }
            if (state == null) {
                continue;
            }
            if (e.eventType().equals("deleted")) {
                state = null;
                continue;
            }
            Object value = e.newValue() == null ? null : Json.parse(e.newValue());
            if (e.field() != null) {
                state.put(e.field(), value);
            } else if (value instanceof Map<?, ?> changes) {
                state.putAll((Map<String, Object>) changes);
            }
            updatedAt = e.createdAt();
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
