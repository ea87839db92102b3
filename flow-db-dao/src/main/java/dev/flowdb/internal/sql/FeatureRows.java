package dev.flowdb.internal.sql;

import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.wire.JsonValues;

import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.Feature;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.TableField;

/**
 * The row mapper of {@code features}: a JDBC row of every column (in the generated table's
 * order, as the kept statements select them) or a generated record to a {@link Feature}, and a
 * row to the JSON values its change events store. NULL flags read as false, NULL texts as empty,
 * as the columns' converters read them.
 */
public final class FeatureRows {

    /**
     * The columns of {@code features} the kept statements select, in this order ({@link #fields}):
     * every column of the generated table. Named here, not taken from the generated table, so the
     * positions below are known without initialising jOOQ (which a process that runs one short
     * command never needs: see {@link Session}); {@code KeptSqlTest} checks the list against
     * the generated table.
     */
    static final List<String> COLUMNS = List.of("id", "priority", "category", "name", "description", "steps", "passes",
            "in_progress", "dependencies", "needs_human_input", "human_input_request", "human_input_response",
            "created_at", "updated_at", "claimed_by", "claimed_at", "claim_renewed_at");

    private static final int ID = COLUMNS.indexOf("id") + 1;
    private static final int PRIORITY = COLUMNS.indexOf("priority") + 1;
    private static final int CATEGORY = COLUMNS.indexOf("category") + 1;
    private static final int NAME = COLUMNS.indexOf("name") + 1;
    private static final int DESCRIPTION = COLUMNS.indexOf("description") + 1;
    private static final int STEPS = COLUMNS.indexOf("steps") + 1;
    private static final int PASSES = COLUMNS.indexOf("passes") + 1;
    private static final int IN_PROGRESS = COLUMNS.indexOf("in_progress") + 1;
    private static final int DEPENDENCIES = COLUMNS.indexOf("dependencies") + 1;
    private static final int NEEDS_HUMAN_INPUT = COLUMNS.indexOf("needs_human_input") + 1;
    private static final int HUMAN_INPUT_REQUEST = COLUMNS.indexOf("human_input_request") + 1;
    private static final int HUMAN_INPUT_RESPONSE = COLUMNS.indexOf("human_input_response") + 1;
    private static final int CLAIMED_BY = COLUMNS.indexOf("claimed_by") + 1;
    private static final int CLAIMED_AT = COLUMNS.indexOf("claimed_at") + 1;
    private static final int CLAIM_RENEWED_AT = COLUMNS.indexOf("claim_renewed_at") + 1;
    private static final int CREATED_AT = COLUMNS.indexOf("created_at") + 1;
    private static final int UPDATED_AT = COLUMNS.indexOf("updated_at") + 1;

    /** The columns a change event may name, in the order a snapshot lists them (a holder: it initialises jOOQ's tables). */
    private static final class EventFields {
        static final List<TableField<FeaturesRecord, ?>> LIST = List.of(FEATURES.PRIORITY, FEATURES.CATEGORY,
                FEATURES.NAME, FEATURES.DESCRIPTION, FEATURES.STEPS, FEATURES.PASSES, FEATURES.IN_PROGRESS,
                FEATURES.DEPENDENCIES, FEATURES.NEEDS_HUMAN_INPUT, FEATURES.HUMAN_INPUT_REQUEST,
                FEATURES.HUMAN_INPUT_RESPONSE, FEATURES.CLAIMED_BY, FEATURES.CLAIMED_AT, FEATURES.CLAIM_RENEWED_AT);
    }

    /** @param table {@code features} or an alias of it
     *  @return its fields of {@link #COLUMNS}, in that order: the select list of every kept statement that reads a whole row */
    static List<Field<?>> fields(org.jooq.Table<?> table) {
        return COLUMNS.stream().<Field<?>>map(table::field).toList();
    }

    private FeatureRows() {
    }

    /** A JDBC row of every column to a feature. */
    public static Feature feature(ResultSet rs, TextColumns text) throws SQLException {
        return new Feature(rs.getLong(ID), rs.getLong(PRIORITY), nz(text.read(rs, CATEGORY)), nz(text.read(rs, NAME)),
                nz(text.read(rs, DESCRIPTION)), Json.parseStrings(text.read(rs, STEPS)), text.flag(rs, PASSES),
                text.flag(rs, IN_PROGRESS), Json.parseIntegers(text.read(rs, DEPENDENCIES)), text.flag(rs, NEEDS_HUMAN_INPUT),
                text.read(rs, HUMAN_INPUT_REQUEST), text.read(rs, HUMAN_INPUT_RESPONSE), text.read(rs, CLAIMED_BY),
                TimestampConverter.parse(text.read(rs, CLAIMED_AT)), TimestampConverter.parse(text.read(rs, CLAIM_RENEWED_AT)),
                TimestampConverter.parse(text.read(rs, CREATED_AT)), TimestampConverter.parse(text.read(rs, UPDATED_AT)));
    }

    /** A JDBC row of every column to a record with the stored values as they are (a NULL stays null). */
    static FeaturesRecord record(ResultSet rs, TextColumns text) throws SQLException {
        FeaturesRecord r = new FeaturesRecord();
        r.setId(rs.getLong(ID));
        Object priority = rs.getObject(PRIORITY);
        r.setPriority(priority instanceof Number n ? n.longValue() : priority == null ? null : Long.valueOf(priority.toString()));
        r.setCategory(text.read(rs, CATEGORY));
        r.setName(text.read(rs, NAME));
        r.setDescription(text.read(rs, DESCRIPTION));
        r.setSteps(Json.parseStrings(text.read(rs, STEPS)));
        r.setPasses(text.flagOrNull(rs, PASSES));
        r.setInProgress(text.flagOrNull(rs, IN_PROGRESS));
        r.setDependencies(Json.parseIntegers(text.read(rs, DEPENDENCIES)));
        r.setNeedsHumanInput(text.flagOrNull(rs, NEEDS_HUMAN_INPUT));
        r.setHumanInputRequest(text.read(rs, HUMAN_INPUT_REQUEST));
        r.setHumanInputResponse(text.read(rs, HUMAN_INPUT_RESPONSE));
        r.setClaimedBy(text.read(rs, CLAIMED_BY));
        r.setClaimedAt(TimestampConverter.parse(text.read(rs, CLAIMED_AT)));
        r.setClaimRenewedAt(TimestampConverter.parse(text.read(rs, CLAIM_RENEWED_AT)));
        r.setCreatedAt(TimestampConverter.parse(text.read(rs, CREATED_AT)));
        r.setUpdatedAt(TimestampConverter.parse(text.read(rs, UPDATED_AT)));
        r.changed(false);
        return r;
    }

    /** A generated record to a feature. */
    public static Feature feature(FeaturesRecord r) {
        return new Feature(r.getId(), r.getPriority() == null ? 0 : r.getPriority(), nz(r.getCategory()), nz(r.getName()),
                nz(r.getDescription()), r.getSteps() == null ? List.of() : r.getSteps(), Boolean.TRUE.equals(r.getPasses()),
                Boolean.TRUE.equals(r.getInProgress()), r.getDependencies() == null ? List.of() : r.getDependencies(),
                Boolean.TRUE.equals(r.getNeedsHumanInput()), r.getHumanInputRequest(), r.getHumanInputResponse(),
                r.getClaimedBy(), r.getClaimedAt(), r.getClaimRenewedAt(), r.getCreatedAt(), r.getUpdatedAt());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** @return whether {@code field} is one of the three flags, whose NULL reads as false */
    public static boolean isFlag(Field<?> field) {
        return field == FEATURES.PASSES || field == FEATURES.IN_PROGRESS || field == FEATURES.NEEDS_HUMAN_INPUT;
    }

    /** The JSON value an event stores for a column's Java value. */
    public static Object eventValue(TableField<FeaturesRecord, ?> field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return TimestampConverter.format(instant);
        }
        if (field == FEATURES.HUMAN_INPUT_REQUEST || field == FEATURES.HUMAN_INPUT_RESPONSE) {
            return JsonValues.parseOrText((String) value);
        }
        return value;
    }

    /** Every event field of a row, as event JSON values. */
    public static Map<String, Object> snapshot(FeaturesRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (TableField<FeaturesRecord, ?> field : EventFields.LIST) {
            Object value = r.get(field);
            if (value == null && isFlag(field)) {
                value = Boolean.FALSE;
            }
            out.put(field.getName(), eventValue(field, value));
        }
        return out;
    }
}
