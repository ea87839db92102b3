package dev.flowdb.internal;

import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.ChangeEvent;
import dev.flowdb.Feature;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import dev.flowdb.schema.jooq.tables.records.ChangeEventsRecord;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.TableField;

/** Mapping between generated records, domain records and the JSON values of change events. */
final class Rows {

    /** The columns a change event may name, in the order a snapshot lists them. */
    static final List<TableField<FeaturesRecord, ?>> EVENT_FIELDS = List.of(FEATURES.PRIORITY, FEATURES.CATEGORY,
            FEATURES.NAME, FEATURES.DESCRIPTION, FEATURES.STEPS, FEATURES.PASSES, FEATURES.IN_PROGRESS,
            FEATURES.DEPENDENCIES, FEATURES.NEEDS_HUMAN_INPUT, FEATURES.HUMAN_INPUT_REQUEST,
            FEATURES.HUMAN_INPUT_RESPONSE, FEATURES.CLAIMED_BY, FEATURES.CLAIMED_AT, FEATURES.CLAIM_RENEWED_AT);

    private Rows() {
    }

    static Feature toFeature(FeaturesRecord r) {
        return new Feature(r.getId(), r.getPriority() == null ? 0 : r.getPriority(), nz(r.getCategory()), nz(r.getName()),
                nz(r.getDescription()), r.getSteps() == null ? List.of() : r.getSteps(), Boolean.TRUE.equals(r.getPasses()),
                Boolean.TRUE.equals(r.getInProgress()), r.getDependencies() == null ? List.of() : r.getDependencies(),
                Boolean.TRUE.equals(r.getNeedsHumanInput()), r.getHumanInputRequest(), r.getHumanInputResponse(),
                r.getClaimedBy(), r.getClaimedAt(), r.getClaimRenewedAt(), r.getCreatedAt(), r.getUpdatedAt());
    }

    static ChangeEvent toEvent(ChangeEventsRecord r) {
        return new ChangeEvent(r.getId(), r.getFeatureId(), r.getEventType(), r.getField(), r.getOldValue(),
                r.getNewValue(), r.getAgent(), r.getSource(), r.getCreatedAt());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The JSON value an event stores for a column's Java value. */
    static Object eventValue(TableField<FeaturesRecord, ?> field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return TimestampConverter.format(instant);
        }
        if (field == FEATURES.HUMAN_INPUT_REQUEST || field == FEATURES.HUMAN_INPUT_RESPONSE) {
            try {
                return Json.parse((String) value);
            } catch (IllegalArgumentException notJson) {
                return value;
            }
        }
        return value;
    }

    /** Every event field of a row, as event JSON values. */
    static Map<String, Object> snapshot(FeaturesRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (TableField<FeaturesRecord, ?> field : EVENT_FIELDS) {
            Object value = r.get(field);
            if (value == null && (field == FEATURES.PASSES || field == FEATURES.IN_PROGRESS || field == FEATURES.NEEDS_HUMAN_INPUT)) {
                value = Boolean.FALSE;
            }
            out.put(field.getName(), eventValue(field, value));
        }
        return out;
    }
}
