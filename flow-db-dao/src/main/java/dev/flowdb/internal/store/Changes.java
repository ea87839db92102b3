package dev.flowdb.internal.store;

import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.EntryRules;
import dev.flowdb.FeatureUpdate;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.TableField;

/**
 * The column changes each verb asks for, in the order its change event lists them (the order is
 * part of the event's bytes: a multi-field event's old/new objects follow it).
 */
final class Changes {

    private Changes() {
    }

    /** Taken by {@code agent} at {@code now}, with no renewal yet. */
    static Map<TableField<FeaturesRecord, ?>, Object> claim(String agent, Instant now) {
        Map<TableField<FeaturesRecord, ?>, Object> changes = new LinkedHashMap<>();
        changes.put(FEATURES.IN_PROGRESS, true);
        changes.put(FEATURES.CLAIMED_BY, agent);
        changes.put(FEATURES.CLAIMED_AT, now);
        changes.put(FEATURES.CLAIM_RENEWED_AT, null);
        return changes;
    }

    /** Not in progress, and nobody's claim. */
    static Map<TableField<FeaturesRecord, ?>, Object> released() {
        Map<TableField<FeaturesRecord, ?>, Object> changes = new LinkedHashMap<>();
        changes.put(FEATURES.IN_PROGRESS, false);
        changes.put(FEATURES.CLAIMED_BY, null);
        changes.put(FEATURES.CLAIMED_AT, null);
        changes.put(FEATURES.CLAIM_RENEWED_AT, null);
        return changes;
    }

    /** Passing (or failing), and released. */
    static Map<TableField<FeaturesRecord, ?>, Object> passes(boolean passes) {
        return first(FEATURES.PASSES, passes, released());
    }

    /** Moved to the end of the queue, and released. */
    static Map<TableField<FeaturesRecord, ?>, Object> skipped(long newPriority) {
        return first(FEATURES.PRIORITY, newPriority, released());
    }

    /** Moved to the end of the queue, and nothing else (the original REST router's skip). */
    static Map<TableField<FeaturesRecord, ?>, Object> moved(long newPriority) {
        Map<TableField<FeaturesRecord, ?>, Object> changes = new LinkedHashMap<>();
        changes.put(FEATURES.PRIORITY, newPriority);
        return changes;
    }

    /** A new dependency list, as it is stored: sorted, without duplicates. */
    static Map<TableField<FeaturesRecord, ?>, Object> dependencies(java.util.Collection<Long> deps) {
        Map<TableField<FeaturesRecord, ?>, Object> changes = new LinkedHashMap<>();
        changes.put(FEATURES.DEPENDENCIES, List.copyOf(new java.util.TreeSet<>(deps)));
        return changes;
    }

    /** The claim's lease moved forward to {@code now}. */
    static Map<TableField<FeaturesRecord, ?>, Object> renewed(Instant now) {
        Map<TableField<FeaturesRecord, ?>, Object> changes = new LinkedHashMap<>();
        changes.put(FEATURES.CLAIM_RENEWED_AT, now);
        return changes;
    }

    /** Waiting for a person to answer {@code requestJson}, released, with no answer yet. */
    static Map<TableField<FeaturesRecord, ?>, Object> askPerson(String requestJson) {
        Map<TableField<FeaturesRecord, ?>, Object> changes = first(FEATURES.NEEDS_HUMAN_INPUT, true, released());
        changes.put(FEATURES.HUMAN_INPUT_REQUEST, requestJson);
        changes.put(FEATURES.HUMAN_INPUT_RESPONSE, null);
        return changes;
    }

    /** No longer waiting, with the person's answer. */
    static Map<TableField<FeaturesRecord, ?>, Object> answered(String responseJson) {
        Map<TableField<FeaturesRecord, ?>, Object> changes = new LinkedHashMap<>();
        changes.put(FEATURES.NEEDS_HUMAN_INPUT, false);
        changes.put(FEATURES.HUMAN_INPUT_RESPONSE, responseJson);
        return changes;
    }

    /** The descriptive fields {@code update} sets, each checked. */
    static Map<TableField<FeaturesRecord, ?>, Object> of(FeatureUpdate update, EntryRules rules) {
        Map<TableField<FeaturesRecord, ?>, Object> changes = new LinkedHashMap<>();
        if (update.category() != null) {
            changes.put(FEATURES.CATEGORY, Validation.text("category", update.category(), Validation.MAX_CATEGORY, rules));
        }
        if (update.name() != null) {
            changes.put(FEATURES.NAME, Validation.text("name", update.name(), Validation.MAX_NAME, rules));
        }
        if (update.description() != null) {
            changes.put(FEATURES.DESCRIPTION, Validation.text("description", update.description(), Integer.MAX_VALUE, rules));
        }
        if (update.steps() != null) {
            changes.put(FEATURES.STEPS, Validation.steps("steps", update.steps(), rules));
        }
        if (update.priority() != null) {
            changes.put(FEATURES.PRIORITY, update.priority());
        }
        return changes;
    }

    private static Map<TableField<FeaturesRecord, ?>, Object> first(TableField<FeaturesRecord, ?> field, Object value,
                                                                   Map<TableField<FeaturesRecord, ?>, Object> rest) {
        Map<TableField<FeaturesRecord, ?>, Object> changes = new LinkedHashMap<>();
        changes.put(field, value);
        changes.putAll(rest);
        return changes;
    }
}
