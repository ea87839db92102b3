package dev.flowdb.internal.sql;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.engine.StatementCache;
import dev.flowdb.internal.events.EventType;
import dev.flowdb.internal.picture.Backlog;
import dev.flowdb.internal.picture.SchedulingScores;
import dev.flowdb.internal.postgres.PostgresFeatureRepository;
import dev.flowdb.internal.sqlite.SqliteFeatureRepository;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.Actor;
import dev.flowdb.ChangeEvent;
import dev.flowdb.Feature;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import dev.flowdb.schema.jooq.tables.Features;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * The {@link FeatureRepository} of every backend over JDBC, with what differs between databases
 * asked of its {@link Dialect} and of the backend's subclass ({@link SqliteFeatureRepository},
 * {@link PostgresFeatureRepository}): the change counters, id reservation, the graph lock. Every
 * statement is written in the jOOQ DSL; the hot ones
 * (point reads, pages by id, the claim, updates, inserts, the audit insert, the version read, the
 * picture, the counts) are <em>kept</em>: rendered once — most at build time ({@link KeptSql}),
 * the updates when first run — and executed as plain prepared statements on the session's
 * connection, which keeps them prepared ({@link StatementCache}). Rendering and jOOQ's execution
 * machinery cost more than SQLite itself on these one-row statements (STACK-NOTES §10.4); the SQL
 * stays the DSL's. Each kept statement binds its values in the order its SQL lists the
 * {@code ?}s, in the one method that runs it; text columns are read as their bytes where the file
 * is UTF-8 ({@link TextColumns}).
 *
 * <p>Over 400 lines because it is the whole of one backend's SQL with its row mappers, in one
 * place by design.
 */
public abstract class JdbcFeatureRepository implements FeatureRepository {

    /** The dialect of this backend. */
    public final Dialect dialect;

    /** This dialect's kept statements (rendered at build time: see {@link KeptSql}). */
    public final KeptSql kept;

    /** The insert of one new feature for this database (see {@link #insertQuery}): it inlines the file's own defaults. */
    private volatile String insertFeature;

    private final Map<String, Object> insertDefaults;


    /** How this database's text and flag columns are read. */
    final TextColumns text;

    /**
     * @param dialect the backend's dialect
     * @param insertDefaults the neutral values of other tools' NOT NULL columns, by column name, inlined into every insert
     * @param text how the database's text and flag columns are read
     */
    public JdbcFeatureRepository(Dialect dialect, Map<String, Object> insertDefaults, TextColumns text) {
        this.dialect = dialect;
        this.text = text;
        this.kept = KeptSql.of(dialect);
        this.insertDefaults = insertDefaults;
    }

    /** The rows of a JSON array of ids, bound as one parameter. */
    static Query featuresByIds(DSLContext render, Dialect dialect) {
        return render.select(FeatureRows.fields(FEATURES)).from(FEATURES).where(dialect.idIn(FEATURES.ID, DSL.val("[]")));
    }

    /** The passing ids among a JSON array of ids, bound as one parameter. */
    static Query passingAmong(DSLContext render, Dialect dialect) {
        return render.select(FEATURES.ID).from(FEATURES).where(dialect.idIn(FEATURES.ID, DSL.val("[]"))).and(FEATURES.PASSES.isTrue());
    }

    // ------------------------------------------------------------ the queries production runs, for the plan tests

    /**
     * Every feature's row for the scheduling picture, in id order: id, priority, dependencies,
     * the three flags, then {@code unmet} (1 when a not-passing feature has a dependency that
     * names no passing feature, 0 when it has none, NULL for a feature whose {@code passes} is
     * not false) and {@code idle} (1 when neither in progress nor waiting for a person). Ready is
     * {@code unmet = 0 and idle = 1} and blocked is {@code unmet = 1}: the SQL definitions of
     * {@link Dialect#isReady} and of blocked, with the dependency probe run once per feature and
     * read in one pass instead of four statements.
     */
    public static ResultQuery<?> pictureQuery(DSLContext ctx, Dialect dialect) {
        Features f = FEATURES.as("f");
        Field<Integer> unmet = DSL.when(f.PASSES.isFalse(), DSL.when(dialect.hasUnmetDependency(f), DSL.inline(1)).otherwise(DSL.inline(0)));
        Field<Integer> idle = DSL.when(f.IN_PROGRESS.isFalse().and(f.NEEDS_HUMAN_INPUT.isFalse()), DSL.inline(1)).otherwise(DSL.inline(0));
        return ctx.select(f.ID, f.PRIORITY, f.DEPENDENCIES, f.PASSES, f.IN_PROGRESS, f.NEEDS_HUMAN_INPUT, unmet, idle).from(f).orderBy(f.ID);
    }

    // ------------------------------------------------------------ feature reads

    @Override
    public Feature byId(Session ctx, long id) {
        return run(ctx, kept.sql(KeptSql.Name.FEATURE_BY_ID), ps -> {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? FeatureRows.feature(rs, text) : null;
            }
        });
    }

    @Override
    public FeaturesRecord row(Session ctx, long id) {
        return run(ctx, kept.sql(KeptSql.Name.FEATURE_BY_ID), ps -> {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? FeatureRows.record(rs, text) : null;
            }
        });
    }

    @Override
    public List<Feature> all(Session ctx) {
        return run(ctx, kept.sql(KeptSql.Name.ALL_FEATURES), ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                List<Feature> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(FeatureRows.feature(rs, text));
                }
                return out;
            }
        });
    }

    @Override
    public List<Feature> byIds(Session ctx, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return run(ctx, kept.sql(KeptSql.Name.FEATURES_BY_IDS), ps -> {
            ps.setString(1, Json.writeIntegers(ids));
            Map<Long, Feature> byId = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Feature f = FeatureRows.feature(rs, text);
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

    @Override
    public Set<Long> passingAmong(Session ctx, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return run(ctx, kept.sql(KeptSql.Name.PASSING_AMONG_IDS), ps -> {
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

    @Override
    public Set<Long> existingAmong(Session ctx, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(ctx.dsl().select(FEATURES.ID).from(FEATURES).where(FEATURES.ID.in(ids)).fetch(FEATURES.ID));
    }

    @Override
    public List<GraphRow> graphRows(Session ctx) {
        return run(ctx, kept.sql(KeptSql.Name.GRAPH_ROWS), ps -> {
            List<GraphRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new GraphRow(rs.getLong(1), text.read(rs, 2), text.read(rs, 3), rs.getLong(4), text.flag(rs, 5),
                            text.flag(rs, 6), text.flag(rs, 7), Json.parseIntegers(text.read(rs, 8))));
                }
            }
            return out;
        });
    }

    @Override
    public Map<Long, List<Long>> dependencyLists(Session ctx) {
        Map<Long, List<Long>> graph = new HashMap<>();
        ctx.dsl().select(FEATURES.ID, FEATURES.DEPENDENCIES).from(FEATURES).forEach(r -> graph.put(r.value1(), r.value2()));
        return graph;
    }

    @Override
    public Map<List<String>, Long> firstIdByCategoryAndName(Session ctx) {
        Map<List<String>, Long> known = new HashMap<>();
        ctx.dsl().select(FEATURES.CATEGORY, FEATURES.NAME, FEATURES.ID).from(FEATURES).orderBy(FEATURES.ID.desc())
                .forEach(r -> known.put(List.of(r.value1(), r.value2()), r.value3()));
        return known;
    }

    @Override
    public List<FeaturesRecord> dependentsOf(Session ctx, long id) {
        return ctx.dsl().selectFrom(FEATURES).where(dialect.dependsOn(FEATURES, id)).and(FEATURES.ID.ne(id))
                .orderBy(FEATURES.ID).fetch();
    }

    @Override
    public List<FeaturesRecord> claimedBy(Session ctx, String agent) {
        return inProgress(ctx, FEATURES.CLAIMED_BY.eq(agent));
    }

    @Override
    public List<FeaturesRecord> claimedBefore(Session ctx, Instant cutoff) {
        return inProgress(ctx, FEATURES.CLAIMED_AT.isNotNull()
                .and(DSL.coalesce(FEATURES.CLAIM_RENEWED_AT, FEATURES.CLAIMED_AT).lt(cutoff)));
    }

    private static List<FeaturesRecord> inProgress(Session ctx, Condition which) {
        return ctx.dsl().selectFrom(FEATURES).where(FEATURES.IN_PROGRESS.isTrue()).and(which).orderBy(FEATURES.ID).fetch();
    }

    @Override
    public long maxPriority(Session ctx) {
        Long max = ctx.dsl().select(DSL.max(FEATURES.PRIORITY)).from(FEATURES).fetchOne(0, Long.class);
        return max == null ? 0 : max;
    }

    /** Above every id the table holds, the backend's id counter ever handed out, or the audit log ever mentioned. */
    protected long firstFreeId(Session ctx) {
        Long maxId = ctx.dsl().select(DSL.max(FEATURES.ID)).from(FEATURES).fetchOne(0, Long.class);
        Long maxLogged = ctx.dsl().select(DSL.max(CHANGE_EVENTS.FEATURE_ID)).from(CHANGE_EVENTS).fetchOne(0, Long.class);
        long seq = dialect.idHighWaterMark(ctx);
        return Math.max(Math.max(maxId == null ? 0 : maxId, maxLogged == null ? 0 : maxLogged), seq) + 1;
    }

    /**
     * The original's one aggregate query: what a process that asks for the counts once (the CLI's
     * {@code stats}, a cold start) pays instead of building the whole scheduling picture (measured:
     * {@code flow-db stats} on 10 000 features 1.32 → 1.04 s).
     */
    @Override
    public Backlog.Counts countFlags(Session ctx) {
        return run(ctx, kept.sql(KeptSql.Name.COUNT_FLAGS), ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Backlog.Counts(rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(1));
            }
        });
    }

    // ------------------------------------------------------------ the scheduling picture

    @Override
    public Backlog.Rows pictureRows(Session ctx) {
        // one kept statement over plain JDBC: through jOOQ's records, the four reads this replaced
        // (nodes, flags, ready ids, blocked ids) were most of a cold `flow-db ready` (BENCHMARKS.md, "Start-up")
        return run(ctx, kept.sql(KeptSql.Name.PICTURE_ROWS), ps -> {
            Backlog.Rows rows = new Backlog.Rows();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // getLong reads a NULL priority as 0, as the score does
                    SchedulingScores.Node node = new SchedulingScores.Node(rs.getLong(1), rs.getLong(2), Json.parseIntegers(text.read(rs, 3)));
                    boolean passes = text.flag(rs, 4);
                    boolean inProgress = text.flag(rs, 5);
                    boolean waiting = text.flag(rs, 6);
                    int unmet = rs.getInt(7);
                    boolean judged = !rs.wasNull();
                    boolean idle = rs.getInt(8) == 1;
                    rows.add(node, passes, inProgress, waiting, judged && unmet == 0 && idle, judged && unmet == 1);
                }
            }
            return rows;
        });
    }

    @Override
    public List<Backlog.Flags> flagsOf(Session ctx, Collection<Long> ids) {
        return flagsWhere(ctx, FEATURES.ID.in(new TreeSet<>(ids)));
    }

    private static List<Backlog.Flags> flagsWhere(Session ctx, Condition which) {
        return ctx.dsl().select(FEATURES.ID, FEATURES.PASSES, FEATURES.IN_PROGRESS, FEATURES.NEEDS_HUMAN_INPUT).from(FEATURES)
                .where(which)
                .fetch(r -> new Backlog.Flags(r.value1(), Boolean.TRUE.equals(r.value2()), Boolean.TRUE.equals(r.value3()),
                        Boolean.TRUE.equals(r.value4())));
    }

    // ------------------------------------------------------------ feature writes

    /**
     * The single-row INSERT of a new feature (kept as {@link KeptSql.Name#INSERT_FEATURE} for a file without extras). Binds: id, priority, category, name, description,
     * steps, dependencies, created_at, updated_at; the flags are literal {@code 0}s and the
     * neutral values of other tools' NOT NULL columns ({@code extras}) are inlined, so the SQL is
     * the same for every insert into one file.
     */
    static Query insertQuery(DSLContext render, Map<String, Object> extras) {
        List<Field<?>> columns = new ArrayList<>(List.of(FEATURES.ID, FEATURES.PRIORITY, FEATURES.CATEGORY, FEATURES.NAME,
                FEATURES.DESCRIPTION, FEATURES.STEPS, FEATURES.PASSES, FEATURES.IN_PROGRESS, FEATURES.DEPENDENCIES,
                FEATURES.NEEDS_HUMAN_INPUT, FEATURES.CREATED_AT, FEATURES.UPDATED_AT));
        List<Field<?>> values = new ArrayList<>(List.of(DSL.val(0L), DSL.val(0L), DSL.val(""), DSL.val(""), DSL.val(""),
                DSL.val(""), DSL.inline(false), DSL.inline(false), DSL.val(""), DSL.inline(false), DSL.val(""), DSL.val("")));
        new java.util.TreeMap<>(extras).forEach((column, neutral) -> {
            columns.add(DSL.field(DSL.name(FEATURES.getName(), column), org.jooq.impl.SQLDataType.OTHER));
            values.add(DSL.inline(neutral));
        });
        return render.insertInto(FEATURES).columns(columns).values(values);
    }

    /** The rows, then their {@code created} events, each as one JDBC batch of a kept single-row INSERT. */
    @Override
    public void insert(Engine.Tx tx, List<FeaturesRecord> rows, List<String> snapshots, Actor actor, Instant now) {
        String at = TimestampConverter.format(now);
        String insert = insertFeature;
        if (insert == null) {
            insertFeature = insert = insertDefaults.isEmpty() ? kept.sql(KeptSql.Name.INSERT_FEATURE)
                    : kept.render(r -> insertQuery(r, insertDefaults));
        }
        run(tx.session(), insert, ps -> {
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
        run(tx.session(), kept.sql(KeptSql.Name.APPEND_EVENT), ps -> {
            for (int i = 0; i < rows.size(); i++) {
                bindEvent(ps, actor, at, rows.get(i).getId(), EventType.CREATED.stored(), null, null, snapshots.get(i));
                ps.addBatch();
            }
            return ps.executeBatch();
        });
        tx.pending().graphChanged();
    }

    @Override
    public Feature claim(Engine.Tx tx, long id, String agent, Instant now) {
        return claimBy(tx, kept.sql(KeptSql.Name.CLAIM), agent, now, ps -> ps.setLong(4, id));
    }

    /** Binds the last parameter of a claim statement: which row or rows. */
    @FunctionalInterface
    public interface Which {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs a claim statement whose binds are claimed_by, claimed_at, updated_at and then what
     * {@code which} binds, and reports the claimed row to the transaction.
     *
     * @return the claimed row, or {@code null} when the statement claimed none
     */
    protected Feature claimBy(Engine.Tx tx, String sql, String agent, Instant now, Which which) {
        Feature claimed = run(tx.session(), sql, ps -> {
            String at = TimestampConverter.format(now);
            ps.setString(1, agent);
            ps.setString(2, at);
            ps.setString(3, at);
            which.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? FeatureRows.feature(rs, text) : null;
            }
        });
        if (claimed != null) {
            tx.pending().statusChanged(claimed);
        }
        return claimed;
    }

    /**
     * {@code UPDATE features SET updated_at = ?, <fields> = ? … WHERE id = ? RETURNING *}, rendered
     * once per list of fields (there are few: each operation sets a fixed set); the values go
     * through the columns' converters.
     */
    @Override
    @SuppressWarnings("unchecked")
    public Feature update(Engine.Tx tx, long id, Instant now, Map<? extends Field<?>, Object> values) {
        List<Field<?>> fields = List.copyOf(values.keySet());
        String sql = kept.update(fields);
        Feature after = run(tx.session(), sql, ps -> {
            int i = 1;
            ps.setString(i++, TimestampConverter.format(now));
            for (Field<?> field : fields) {
                ps.setObject(i++, ((org.jooq.Converter<Object, Object>) field.getConverter()).to(values.get(field)));
            }
            ps.setLong(i, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? FeatureRows.feature(rs, text) : null;
            }
        });
        if (after != null) {
            tx.pending().rowUpdated(values.keySet(), after);
        }
        return after;
    }

    /**
     * {@code UPDATE features SET updated_at = ?, <fields> = ? … WHERE id = ? RETURNING <every column>}.
     * Binds: updated_at, the fields in order, id.
     */
    static Query updateQuery(DSLContext render, List<Field<?>> fields) {
        var update = render.update(FEATURES).set(FEATURES.UPDATED_AT, Instant.EPOCH);
        for (Field<?> field : fields) {
            update = setParameter(update, field);
        }
        return update.where(FEATURES.ID.eq(0L)).returning(FeatureRows.fields(FEATURES));
    }

    private static <T> org.jooq.UpdateSetMoreStep<FeaturesRecord> setParameter(org.jooq.UpdateSetMoreStep<FeaturesRecord> update, Field<T> field) {
        return update.set(field, DSL.val(null, field));
    }

    @Override
    public void delete(Engine.Tx tx, long id) {
        tx.dsl().deleteFrom(FEATURES).where(FEATURES.ID.eq(id)).execute();
        tx.pending().graphChanged();
    }

    // ------------------------------------------------------------ the audit log

    @Override
    public void appendEvent(Session ctx, Actor actor, Instant at, long featureId, String type, String field,
                            String oldJson, String newJson) {
        run(ctx, kept.sql(KeptSql.Name.APPEND_EVENT), ps -> {
            bindEvent(ps, actor, TimestampConverter.format(at), featureId, type, field, oldJson, newJson);
            return ps.executeUpdate();
        });
    }

    /** A custom event, not a hot path: jOOQ runs the INSERT … RETURNING itself. */
    @Override
    public ChangeEvent appendEventReturning(Session ctx, Actor actor, Instant at, long featureId, String type,
                                            String field, String oldJson, String newJson) {
        return ctx.dsl().insertInto(CHANGE_EVENTS, CHANGE_EVENTS.FEATURE_ID, CHANGE_EVENTS.EVENT_TYPE, CHANGE_EVENTS.FIELD,
                        CHANGE_EVENTS.OLD_VALUE, CHANGE_EVENTS.NEW_VALUE, CHANGE_EVENTS.AGENT, CHANGE_EVENTS.SOURCE,
                        CHANGE_EVENTS.CREATED_AT)
                .values(featureId, type, field, oldJson, newJson, actor.agent(), actor.source(), at)
                .returning().fetchOne(EventRows::event);
    }

    /** Binds, in order: feature_id, event_type, field, old_value, new_value, agent, source, created_at. */
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

    @Override
    public List<ChangeEvent> eventsOf(Session ctx, long featureId) {
        return run(ctx, kept.sql(KeptSql.Name.EVENTS_OF), ps -> {
            ps.setLong(1, featureId);
            List<ChangeEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(EventRows.event(rs, text));
                }
            }
            return out;
        });
    }

    @Override
    public List<ChangeEvent> eventsSince(Session ctx, long afterId, int limit) {
        return ctx.dsl().selectFrom(CHANGE_EVENTS).where(CHANGE_EVENTS.ID.gt(afterId)).orderBy(CHANGE_EVENTS.ID).limit(limit)
                .fetch(EventRows::event);
    }

    /** By id: right where one writer commits events in id order (SQLite). */
    @Override
    public List<dev.flowdb.FeedEvent> eventsAfter(Session ctx, dev.flowdb.EventCursor cursor, int limit) {
        return eventsSince(ctx, cursor.eventId(), limit).stream()
                .map(e -> new dev.flowdb.FeedEvent(e, dev.flowdb.EventCursor.afterEvent(e.id()))).toList();
    }

    @Override
    public dev.flowdb.EventCursor tail(Session ctx) {
        Long max = ctx.dsl().select(DSL.max(CHANGE_EVENTS.ID)).from(CHANGE_EVENTS).fetchOne(0, Long.class);
        return dev.flowdb.EventCursor.afterEvent(max == null ? 0 : max);
    }

    @Override
    public List<ChangeEvent> latestEvents(Session ctx, int limit) {
        List<ChangeEvent> out = new ArrayList<>(ctx.dsl().selectFrom(CHANGE_EVENTS).orderBy(CHANGE_EVENTS.ID.desc()).limit(limit)
                .fetch(EventRows::event));
        Collections.reverse(out);
        return out;
    }

    // ------------------------------------------------------------ kept statements

    /** Work on one bound statement; it closes the result sets it opens, never the statement. */
    @FunctionalInterface
    public interface StatementWork<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code work} on a statement for {@code sql} on the context's connection (the engine's
     * connections keep their statements: see {@link StatementCache}).
     */
    protected static <T> T run(Session ctx, String sql, StatementWork<T> work) {
        try (PreparedStatement ps = ctx.connection().prepareStatement(sql)) {
            return work.apply(ps);
        } catch (SQLException e) {
            // as jOOQ's connectionResult reports it: the engine classifies it by its cause
            throw new org.jooq.exception.DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
        }
    }
}
