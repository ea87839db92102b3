package dev.flowdb.internal;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static dev.flowdb.schema.jooq.Tables.FLOW_META;

import dev.flowdb.Actor;
import dev.flowdb.Feature;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The few hot statements (a point read, the claim, the audit insert, the version read), written
 * in the jOOQ DSL like every other query but rendered once, at class load, and executed as plain
 * prepared statements on the context's connection. Rendering and jOOQ's execution machinery cost
 * more than SQLite itself on these one-row statements (STACK-NOTES §10.4); the SQL stays the
 * DSL's. The values are bound in the order the rendered SQL lists its {@code ?}s, noted at each.
 */
final class KeptQueries {

    private static final DSLContext RENDER = DSL.using(SQLDialect.SQLITE,
            new Settings().withRenderSchema(false).withRenderCatalog(false).withParamType(ParamType.INDEXED));

    /** Result columns of every feature query below, in the generated table's order. */
    private static final List<Field<?>> COLUMNS = List.of(FEATURES.fields());

    private static final int ID = COLUMNS.indexOf(FEATURES.ID) + 1;
    private static final int PRIORITY = COLUMNS.indexOf(FEATURES.PRIORITY) + 1;
    private static final int CATEGORY = COLUMNS.indexOf(FEATURES.CATEGORY) + 1;
    private static final int NAME = COLUMNS.indexOf(FEATURES.NAME) + 1;
    private static final int DESCRIPTION = COLUMNS.indexOf(FEATURES.DESCRIPTION) + 1;
    private static final int STEPS = COLUMNS.indexOf(FEATURES.STEPS) + 1;
    private static final int PASSES = COLUMNS.indexOf(FEATURES.PASSES) + 1;
    private static final int IN_PROGRESS = COLUMNS.indexOf(FEATURES.IN_PROGRESS) + 1;
    private static final int DEPENDENCIES = COLUMNS.indexOf(FEATURES.DEPENDENCIES) + 1;
    private static final int NEEDS_HUMAN_INPUT = COLUMNS.indexOf(FEATURES.NEEDS_HUMAN_INPUT) + 1;
    private static final int HUMAN_INPUT_REQUEST = COLUMNS.indexOf(FEATURES.HUMAN_INPUT_REQUEST) + 1;
    private static final int HUMAN_INPUT_RESPONSE = COLUMNS.indexOf(FEATURES.HUMAN_INPUT_RESPONSE) + 1;
    private static final int CLAIMED_BY = COLUMNS.indexOf(FEATURES.CLAIMED_BY) + 1;
    private static final int CLAIMED_AT = COLUMNS.indexOf(FEATURES.CLAIMED_AT) + 1;
    private static final int CLAIM_RENEWED_AT = COLUMNS.indexOf(FEATURES.CLAIM_RENEWED_AT) + 1;
    private static final int CREATED_AT = COLUMNS.indexOf(FEATURES.CREATED_AT) + 1;
    private static final int UPDATED_AT = COLUMNS.indexOf(FEATURES.UPDATED_AT) + 1;

    /** Binds: id. */
    static final String FEATURE_BY_ID = RENDER.render(RENDER.selectFrom(FEATURES).where(FEATURES.ID.eq(0L)));

    /** No binds. */
    static final String ALL_FEATURES = RENDER.render(RENDER.selectFrom(FEATURES).orderBy(FEATURES.PRIORITY, FEATURES.ID));

    /** Binds: claimed_by, claimed_at, updated_at, id. */
    static final String CLAIM = RENDER.render(RENDER.update(FEATURES)
            .set(FEATURES.IN_PROGRESS, DSL.inline(true))
            .set(FEATURES.CLAIMED_BY, "")
            .set(FEATURES.CLAIMED_AT, Instant.EPOCH)
            .set(FEATURES.CLAIM_RENEWED_AT, DSL.inline(null, FEATURES.CLAIM_RENEWED_AT))
            .set(FEATURES.UPDATED_AT, Instant.EPOCH)
            .where(FEATURES.ID.eq(0L))
            .and(FEATURES.PASSES.isFalse())
            .and(FEATURES.IN_PROGRESS.isFalse())
            .and(FEATURES.NEEDS_HUMAN_INPUT.isFalse())
            .returning());

    /** Binds: feature_id, event_type, field, old_value, new_value, agent, source, created_at. */
    static final String APPEND_EVENT = RENDER.render(RENDER.insertInto(CHANGE_EVENTS,
                    CHANGE_EVENTS.FEATURE_ID, CHANGE_EVENTS.EVENT_TYPE, CHANGE_EVENTS.FIELD, CHANGE_EVENTS.OLD_VALUE,
                    CHANGE_EVENTS.NEW_VALUE, CHANGE_EVENTS.AGENT, CHANGE_EVENTS.SOURCE, CHANGE_EVENTS.CREATED_AT)
            .values(0L, "", "", "", "", "", "", Instant.EPOCH));

    /** The ids given as one JSON array bind: one SQL text whatever the number of ids. */
    private static final org.jooq.Select<org.jooq.Record1<Long>> IDS_OF_JSON_ARRAY =
            DSL.select(DSL.field(DSL.name("value"), Long.class)).from(DSL.table("json_each({0})", DSL.val("[]")));

    /** Binds: a JSON array of ids. */
    static final String FEATURES_BY_IDS = RENDER.render(RENDER.selectFrom(FEATURES).where(FEATURES.ID.in(IDS_OF_JSON_ARRAY)));

    /** Binds: a JSON array of ids. */
    static final String PASSING_AMONG_IDS = RENDER.render(RENDER.select(FEATURES.ID).from(FEATURES)
            .where(FEATURES.ID.in(IDS_OF_JSON_ARRAY)).and(FEATURES.PASSES.isTrue()));

    /** Binds: the three keys. */
    static final String VERSIONS = RENDER.render(RENDER.select(FLOW_META.KEY, FLOW_META.VALUE).from(FLOW_META)
            .where(FLOW_META.KEY.in("graph_version", "status_version", "content_version")));

    private KeptQueries() {
    }

    /**
     * The single-row INSERT of a new feature. Binds: id, priority, category, name, description,
     * steps, dependencies, created_at, updated_at; the flags are literal {@code 0}s and the
     * neutral values of other tools' NOT NULL columns ({@code extras}) are inlined, so the SQL is
     * the same for every insert of one engine.
     */
    static String insertFeature(Map<Field<Object>, Object> extras) {
        List<Field<?>> columns = new ArrayList<>(List.of(FEATURES.ID, FEATURES.PRIORITY, FEATURES.CATEGORY, FEATURES.NAME,
                FEATURES.DESCRIPTION, FEATURES.STEPS, FEATURES.PASSES, FEATURES.IN_PROGRESS, FEATURES.DEPENDENCIES,
                FEATURES.NEEDS_HUMAN_INPUT, FEATURES.CREATED_AT, FEATURES.UPDATED_AT));
        List<Field<?>> values = new ArrayList<>(List.of(DSL.val(0L), DSL.val(0L), DSL.val(""), DSL.val(""), DSL.val(""),
                DSL.val(""), DSL.inline(false), DSL.inline(false), DSL.val(""), DSL.inline(false), DSL.val(""), DSL.val("")));
        extras.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Field::getName)))
                .forEach(e -> {
                    columns.add(e.getKey());
                    values.add(DSL.inline(e.getValue()));
                });
        return RENDER.render(RENDER.insertInto(FEATURES).columns(columns).values(values));
    }

    /** Inserts complete new rows with {@code sql} from {@link #insertFeature}, as one batch. */
    static void insertFeatures(DSLContext ctx, String sql, List<FeaturesRecord> rows, Instant now) {
        String at = TimestampConverter.format(now);
        run(ctx, sql, ps -> {
            for (var r : rows) {
                ps.setLong(1, r.getId());
                ps.setLong(2, r.getPriority());
                ps.setString(3, r.getCategory());
                ps.setString(4, r.getName());
                ps.setString(5, r.getDescription());
                ps.setString(6, Json.writeStrings(r.getSteps()));
                ps.setString(7, Json.writeIntegers(r.getDependencies()));
                ps.setString(8, at);
                ps.setString(9, at);
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    /** Appends one {@code created} event per feature id, with its snapshot JSON, as one batch. */
    static void appendCreatedEvents(DSLContext ctx, Actor actor, Instant now, long[] ids, List<String> snapshots) {
        String at = TimestampConverter.format(now);
        run(ctx, APPEND_EVENT, ps -> {
            for (int i = 0; i < ids.length; i++) {
                bindEvent(ps, actor, at, ids[i], "created", null, null, snapshots.get(i));
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    static Feature featureById(DSLContext ctx, long id) {
        return run(ctx, FEATURE_BY_ID, ps -> {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? feature(rs, TextColumns.of(ctx)) : null;
            }
        });
    }

    static List<Feature> allFeatures(DSLContext ctx) {
        return run(ctx, ALL_FEATURES, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                List<Feature> out = new ArrayList<>();
                TextColumns text = TextColumns.of(ctx);
                while (rs.next()) {
                    out.add(feature(rs, text));
                }
                return out;
            }
        });
    }

    /** The features with these ids, in the order of {@code ids} (an id without a row is left out). */
    static List<Feature> featuresByIds(DSLContext ctx, Collection<Long> ids) {
        return run(ctx, FEATURES_BY_IDS, ps -> {
            ps.setString(1, Json.writeIntegers(ids));
            Map<Long, Feature> byId = new HashMap<>();
            TextColumns text = TextColumns.of(ctx);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Feature f = feature(rs, text);
                    byId.put(f.id(), f);
                }
            }
            List<Feature> out = new ArrayList<>(ids.size());
            for (Long id : ids) {
                Feature f = byId.get(id);
                if (f != null) {
                    out.add(f);
                }
            }
            return out;
        });
    }

    /** The ids among {@code ids} of passing features. */
    static Set<Long> passingAmong(DSLContext ctx, Collection<Long> ids) {
        return run(ctx, PASSING_AMONG_IDS, ps -> {
            ps.setString(1, Json.writeIntegers(ids));
            Set<Long> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    /** No binds. */
    static final String GRAPH_ROWS = RENDER.render(RENDER.select(FEATURES.ID, FEATURES.NAME, FEATURES.CATEGORY, FEATURES.PRIORITY,
            FEATURES.PASSES, FEATURES.IN_PROGRESS, FEATURES.NEEDS_HUMAN_INPUT, FEATURES.DEPENDENCIES).from(FEATURES).orderBy(FEATURES.ID));

    /** What the dependency graph needs of one feature. */
    record GraphRow(long id, String name, String category, long priority, boolean passes, boolean inProgress,
                    boolean needsHumanInput, List<Long> dependencies) {
    }

    /** Every feature's {@link GraphRow}, by id. */
    static List<GraphRow> graphRows(DSLContext ctx) {
        return run(ctx, GRAPH_ROWS, ps -> {
            TextColumns text = TextColumns.of(ctx);
            List<GraphRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new GraphRow(rs.getLong(1), text.read(rs, 2), text.read(rs, 3), rs.getLong(4), rs.getInt(5) == 1,
                            rs.getInt(6) == 1, rs.getInt(7) == 1, Json.parseIntegers(text.read(rs, 8))));
                }
            }
            return out;
        });
    }

    /** The conditional claim; the claimed row, or {@code null} when the guard did not match. */
    static Feature claim(DSLContext ctx, long id, String agent, Instant now) {
        return run(ctx, CLAIM, ps -> {
            String at = TimestampConverter.format(now);
            ps.setString(1, agent);
            ps.setString(2, at);
            ps.setString(3, at);
            ps.setLong(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? feature(rs, TextColumns.of(ctx)) : null;
            }
        });
    }

    static void appendEvent(DSLContext ctx, Actor actor, Instant at, long featureId, String type, String field,
                            String oldJson, String newJson) {
        run(ctx, APPEND_EVENT, ps -> {
            bindEvent(ps, actor, TimestampConverter.format(at), featureId, type, field, oldJson, newJson);
            return ps.executeUpdate();
        });
    }

    /** Binds the values of {@link #APPEND_EVENT}. */
    private static void bindEvent(PreparedStatement ps, Actor actor, String at, long featureId, String type, String field,
                                  String oldJson, String newJson) throws SQLException {
        ps.setLong(1, featureId);
        ps.setString(2, type);
        ps.setString(3, field);
        ps.setString(4, oldJson);
        ps.setString(5, newJson);
        ps.setString(6, actor.agent());
        ps.setString(7, actor.source());
        ps.setString(8, at);
    }

    /**
     * {graph_version, status_version, content_version}, or {@code null} if graph or status is
     * missing or not a number; a missing or unreadable content_version reads as -1.
     */
    static long[] versions(DSLContext ctx) {
        return run(ctx, VERSIONS, ps -> {
            ps.setString(1, "graph_version");
            ps.setString(2, "status_version");
            ps.setString(3, "content_version");
            long[] v = {Long.MIN_VALUE, Long.MIN_VALUE, -1};
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    int at = "graph_version".equals(key) ? 0 : "status_version".equals(key) ? 1 : 2;
                    try {
                        v[at] = Long.parseLong(rs.getString(2).trim());
                    } catch (NumberFormatException | NullPointerException notANumber) {
                        v[at] = at == 2 ? -1 : Long.MIN_VALUE;
                    }
                }
            }
            return v[0] == Long.MIN_VALUE || v[1] == Long.MIN_VALUE ? null : v;
        });
    }

    /** Work on one bound statement; it closes the result sets it opens, never the statement. */
    @FunctionalInterface
    interface StatementWork<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code work} on a statement for {@code sql} on the context's connection (the engine's
     * connections keep their statements: see {@link StatementCache}).
     */
    static <T> T run(DSLContext ctx, String sql, StatementWork<T> work) {
        return ctx.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return work.apply(ps);
            }
        });
    }

    /**
     * The row of {@code id} as a record with the stored values as they are (a NULL stays null),
     * or {@code null} if there is no such row.
     */
    static FeaturesRecord record(DSLContext ctx, long id) {
        return run(ctx, FEATURE_BY_ID, ps -> {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                TextColumns text = TextColumns.of(ctx);
                FeaturesRecord r = new FeaturesRecord();
                r.setId(rs.getLong(ID));
                Object priority = rs.getObject(PRIORITY);
                r.setPriority(priority instanceof Number n ? n.longValue() : priority == null ? null : Long.valueOf(priority.toString()));
                r.setCategory(text.read(rs, CATEGORY));
                r.setName(text.read(rs, NAME));
                r.setDescription(text.read(rs, DESCRIPTION));
                r.setSteps(Json.parseStrings(text.read(rs, STEPS)));
                r.setPasses(flag(rs, PASSES));
                r.setInProgress(flag(rs, IN_PROGRESS));
                r.setDependencies(Json.parseIntegers(text.read(rs, DEPENDENCIES)));
                r.setNeedsHumanInput(flag(rs, NEEDS_HUMAN_INPUT));
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
        });
    }

    private static Boolean flag(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value == 1;
    }

    private static <T> org.jooq.UpdateSetMoreStep<FeaturesRecord> setParameter(org.jooq.UpdateSetMoreStep<FeaturesRecord> update, Field<T> field) {
        return update.set(field, DSL.val(null, field));
    }

    /** Rendered UPDATE … RETURNING statements, by the list of fields they set. */
    private static final ConcurrentMap<List<Field<?>>, String> UPDATES = new ConcurrentHashMap<>();

    /**
     * {@code UPDATE features SET updated_at = ?, <fields> = ? … WHERE id = ? RETURNING *}, rendered
     * from the DSL once per list of fields (there are few: each operation sets a fixed set), and
     * run as a kept statement; the values go through the columns' converters.
     *
     * @return the updated row, or {@code null} if there is no row {@code id}
     */
    @SuppressWarnings("unchecked")
    static Feature update(DSLContext ctx, long id, Instant updatedAt, Map<? extends Field<?>, Object> values) {
        List<Field<?>> fields = List.copyOf(values.keySet());
        String sql = UPDATES.computeIfAbsent(fields, f -> {
            var update = RENDER.update(FEATURES).set(FEATURES.UPDATED_AT, Instant.EPOCH);
            for (Field<?> field : f) {
                update = setParameter(update, field);
            }
            return RENDER.render(update.where(FEATURES.ID.eq(0L)).returning());
        });
        return run(ctx, sql, ps -> {
            int i = 1;
            ps.setString(i++, TimestampConverter.format(updatedAt));
            for (Field<?> field : fields) {
                Object value = ((org.jooq.Converter<Object, Object>) field.getConverter()).to(values.get(field));
                ps.setObject(i++, value);
            }
            ps.setLong(i, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? feature(rs, TextColumns.of(ctx)) : null;
            }
        });
    }

    /** Maps a row of the feature columns, with the reader rules of the converters (NULL flags read as false). */
    private static Feature feature(ResultSet rs, TextColumns text) throws SQLException {
        long priority = rs.getLong(PRIORITY);
        return new Feature(rs.getLong(ID), priority, nz(text.read(rs, CATEGORY)), nz(text.read(rs, NAME)),
                nz(text.read(rs, DESCRIPTION)), Json.parseStrings(text.read(rs, STEPS)), rs.getInt(PASSES) == 1,
                rs.getInt(IN_PROGRESS) == 1, Json.parseIntegers(text.read(rs, DEPENDENCIES)), rs.getInt(NEEDS_HUMAN_INPUT) == 1,
                text.read(rs, HUMAN_INPUT_REQUEST), text.read(rs, HUMAN_INPUT_RESPONSE), text.read(rs, CLAIMED_BY),
                TimestampConverter.parse(text.read(rs, CLAIMED_AT)), TimestampConverter.parse(text.read(rs, CLAIM_RENEWED_AT)),
                TimestampConverter.parse(text.read(rs, CREATED_AT)),
                TimestampConverter.parse(text.read(rs, UPDATED_AT)));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
