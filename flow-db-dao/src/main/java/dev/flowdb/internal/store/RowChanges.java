package dev.flowdb.internal.store;

import dev.flowdb.Actor;
import dev.flowdb.Feature;
import dev.flowdb.FeatureNotFoundException;
import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.events.EventType;
import dev.flowdb.internal.sql.FeatureRepository;
import dev.flowdb.internal.sql.FeatureRows;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jooq.TableField;

/**
 * The one way a feature's row changes, for every verb of the rule book: load it (or refuse an
 * unknown id with the original's text), let the verb decide from the row as it is, write only
 * the fields that differ, and log one change event in the same transaction.
 */
final class RowChanges {

    private final Engine engine;
    private final FeatureRepository repo;
    private final Actor actor;

    RowChanges(Engine engine, Actor actor) {
        this.engine = engine;
        this.repo = engine.repository();
        this.actor = actor;
    }

    /** What one verb wants changed, decided from the row as it is (and refusing by throwing). */
    @FunctionalInterface
    interface Decision {
        Map<TableField<FeaturesRecord, ?>, Object> changes(FeaturesRecord current, Instant now);
    }

    /** Loads {@code id} in a write transaction, lets {@code decision} check it, and applies what it decided. */
    Feature change(long id, EventType eventType, Decision decision) {
        return engine.write(tx -> {
            FeaturesRecord current = load(tx.session(), id);
            Instant now = engine.now();
            return apply(tx, current, eventType, decision.changes(current, now), now);
        });
    }

    FeaturesRecord load(Session ctx, long id) {
        FeaturesRecord current = repo.row(ctx, id);
        if (current == null) {
            throw FeatureNotFoundException.of(id);
        }
        return current;
    }

    FeaturesRecord loadDependent(Session ctx, long id) {
        FeaturesRecord current = repo.row(ctx, id);
        if (current == null) {
            throw FeatureNotFoundException.ofDependent(id);
        }
        return current;
    }

    /**
     * Writes the fields of {@code wanted} that differ from {@code current}, stamps
     * {@code updated_at}, and logs one event: naming the field when exactly one changed, else
     * with old/new objects of every changed field. Nothing changes (and nothing is logged) when
     * every field already has its wanted value.
     */
    Feature apply(Engine.Tx tx, FeaturesRecord current, EventType eventType,
                          Map<TableField<FeaturesRecord, ?>, Object> wanted, Instant now) {
        Map<TableField<FeaturesRecord, ?>, Object> changed = new LinkedHashMap<>();
        for (Map.Entry<TableField<FeaturesRecord, ?>, Object> e : wanted.entrySet()) {
            Object old = current.get(e.getKey());
            if (old == null && FeatureRows.isFlag(e.getKey())) {
                old = Boolean.FALSE;
            }
            if (!Objects.equals(old, e.getValue())) {
                changed.put(e.getKey(), e.getValue());
            }
        }
        if (changed.isEmpty()) {
            return FeatureRows.feature(current);
        }
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        for (Map.Entry<TableField<FeaturesRecord, ?>, Object> e : changed.entrySet()) {
            TableField<FeaturesRecord, ?> field = e.getKey();
            before.put(field.getName(), FeatureRows.eventValue(field, current.get(field)));
            after.put(field.getName(), FeatureRows.eventValue(field, e.getValue()));
        }
        Feature updated = repo.update(tx, current.getId(), now, changed);
        if (changed.size() == 1) {
            String name = changed.keySet().iterator().next().getName();
            repo.appendEvent(tx.session(), actor, now, current.getId(), eventType.stored(), name,
                    Json.write(before.get(name)), Json.write(after.get(name)));
        } else {
            repo.appendEvent(tx.session(), actor, now, current.getId(), eventType.stored(), null, Json.write(before), Json.write(after));
        }
        return updated;
    }
}
