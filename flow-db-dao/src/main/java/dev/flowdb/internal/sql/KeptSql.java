package dev.flowdb.internal.sql;

import dev.flowdb.internal.postgres.PostgresDialect;
import dev.flowdb.internal.sqlite.SqliteDialect;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static dev.flowdb.schema.jooq.Tables.FLOW_META;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The kept statements of one SQL dialect: each written once in the jOOQ DSL ({@link #definitions}),
 * rendered at build time into a resource beside this class ({@code kept-sql-<dialect>.properties},
 * written by {@link #main} in Maven's {@code process-classes} phase), and read from it at run
 * time, so running one costs no jOOQ at all. Where the resource is missing (classes compiled by an
 * IDE without the Maven phase), each statement is rendered the first time it is asked for, to the
 * same text; {@code KeptSqlTest} renders every one again and compares it with the resource.
 *
 * <p>Why: rendering needs jOOQ's generated tables, and the first of those initialises jOOQ's type
 * registry of every dialect (110–180 ms on the 2-core VM of BENCHMARKS.md, "Start-up"), which a
 * short command such as {@code flow-db stats} would otherwise pay before its first row. Binds are
 * {@code ?}s, documented per statement where it is run.
 */
public final class KeptSql {

    /** Every kept statement. Those marked SQLite-only read SQLite's own tables or pragmas. */
    public enum Name {
        /** Binds: id. */
        FEATURE_BY_ID,
        /** No binds. */
        ALL_FEATURES,
        /** Binds: claimed_by, claimed_at, updated_at, id. */
        CLAIM,
        /** Binds: those of {@code JdbcFeatureRepository.bindEvent}. */
        APPEND_EVENT,
        /** Binds: a JSON array of ids. */
        FEATURES_BY_IDS,
        /** Binds: a JSON array of ids. */
        PASSING_AMONG_IDS,
        /** No binds. */
        GRAPH_ROWS,
        /** No binds. */
        PICTURE_ROWS,
        /** No binds. */
        COUNT_FLAGS,
        /** Binds: feature_id. */
        EVENTS_OF,
        /** Binds: three keys (a key may be repeated). */
        FLOW_META_BY_KEYS,
        /** Binds: id, priority, category, name, description, steps, dependencies, created_at, updated_at. */
        INSERT_FEATURE,
        /** No binds. */
        REPAIR_PASSES,
        /** No binds. */
        REPAIR_IN_PROGRESS,
        /** No binds. */
        REPAIR_NEEDS_HUMAN_INPUT,
        /** SQLite-only. No binds. */
        ENCODING,
        /** SQLite-only. No binds: a row when the Rust port's change_events cascades deletes of features. */
        CASCADING_EVENT_FOREIGN_KEY;

        boolean sqliteOnly() {
            return this == ENCODING || this == CASCADING_EVENT_FOREIGN_KEY;
        }
    }

    /** Renders in {@code dialect}, with {@code ?} parameters and no schema names. */
    public static DSLContext renderer(SQLDialect dialect) {
        return DSL.using(dialect, new Settings().withRenderSchema(false).withRenderCatalog(false).withParamType(ParamType.INDEXED));
    }

    /**
     * The kept statements of {@code dialect}, as the DSL writes them: the one definition of each.
     *
     * @param render the renderer of {@code dialect}
     * @param dialect where the SQL differs
     * @return each statement by name, in {@link Name} order, those of SQLite only for SQLite
     */
    static Map<Name, Supplier<Query>> definitions(DSLContext render, Dialect dialect) {
        Map<Name, Supplier<Query>> q = new EnumMap<>(Name.class);
        q.put(Name.FEATURE_BY_ID, () -> render.select(FeatureRows.fields(FEATURES)).from(FEATURES).where(FEATURES.ID.eq(0L)));
        q.put(Name.ALL_FEATURES, () -> render.select(FeatureRows.fields(FEATURES)).from(FEATURES).orderBy(FEATURES.PRIORITY, FEATURES.ID));
        q.put(Name.CLAIM, () -> render.update(FEATURES)
                .set(FEATURES.IN_PROGRESS, DSL.inline(true))
                .set(FEATURES.CLAIMED_BY, "")
                .set(FEATURES.CLAIMED_AT, Instant.EPOCH)
                .set(FEATURES.CLAIM_RENEWED_AT, DSL.inline(null, FEATURES.CLAIM_RENEWED_AT))
                .set(FEATURES.UPDATED_AT, Instant.EPOCH)
                .where(FEATURES.ID.eq(0L))
                .and(FEATURES.PASSES.isFalse())
                .and(FEATURES.IN_PROGRESS.isFalse())
                .and(FEATURES.NEEDS_HUMAN_INPUT.isFalse())
                .returning(FeatureRows.fields(FEATURES)));
        q.put(Name.APPEND_EVENT, () -> render.insertInto(CHANGE_EVENTS,
                        CHANGE_EVENTS.FEATURE_ID, CHANGE_EVENTS.EVENT_TYPE, CHANGE_EVENTS.FIELD, CHANGE_EVENTS.OLD_VALUE,
                        CHANGE_EVENTS.NEW_VALUE, CHANGE_EVENTS.AGENT, CHANGE_EVENTS.SOURCE, CHANGE_EVENTS.CREATED_AT)
                .values(0L, "", "", "", "", "", "", Instant.EPOCH));
        q.put(Name.FEATURES_BY_IDS, () -> JdbcFeatureRepository.featuresByIds(render, dialect));
        q.put(Name.PASSING_AMONG_IDS, () -> JdbcFeatureRepository.passingAmong(render, dialect));
        q.put(Name.GRAPH_ROWS, () -> render.select(FEATURES.ID, FEATURES.NAME, FEATURES.CATEGORY, FEATURES.PRIORITY,
                FEATURES.PASSES, FEATURES.IN_PROGRESS, FEATURES.NEEDS_HUMAN_INPUT, FEATURES.DEPENDENCIES).from(FEATURES).orderBy(FEATURES.ID));
        q.put(Name.PICTURE_ROWS, () -> JdbcFeatureRepository.pictureQuery(render, dialect));
        q.put(Name.COUNT_FLAGS, () -> render.select(DSL.count(), DSL.count().filterWhere(FEATURES.PASSES.isTrue()),
                DSL.count().filterWhere(FEATURES.IN_PROGRESS.isTrue()), DSL.count().filterWhere(FEATURES.NEEDS_HUMAN_INPUT.isTrue()))
                .from(FEATURES));
        q.put(Name.EVENTS_OF, () -> render.select(EventRows.fields()).from(CHANGE_EVENTS).where(CHANGE_EVENTS.FEATURE_ID.eq(0L))
                .orderBy(CHANGE_EVENTS.CREATED_AT, CHANGE_EVENTS.ID));
        q.put(Name.FLOW_META_BY_KEYS, () -> render.select(FLOW_META.KEY, FLOW_META.VALUE).from(FLOW_META)
                .where(FLOW_META.KEY.in("", "", "")));
        q.put(Name.INSERT_FEATURE, () -> JdbcFeatureRepository.insertQuery(render, Map.of()));
        q.put(Name.REPAIR_PASSES, () -> render.update(FEATURES).set(FEATURES.PASSES, DSL.inline(false)).where(FEATURES.PASSES.isNull()));
        q.put(Name.REPAIR_IN_PROGRESS, () -> render.update(FEATURES).set(FEATURES.IN_PROGRESS, DSL.inline(false))
                .where(FEATURES.IN_PROGRESS.isNull()));
        q.put(Name.REPAIR_NEEDS_HUMAN_INPUT, () -> render.update(FEATURES).set(FEATURES.NEEDS_HUMAN_INPUT, DSL.inline(false))
                .where(FEATURES.NEEDS_HUMAN_INPUT.isNull()));
        if (dialect.jooqDialect() == SQLDialect.SQLITE) {
            q.put(Name.ENCODING, () -> render.select(DSL.field(DSL.name("encoding"), String.class)).from(DSL.table(DSL.name("pragma_encoding"))));
            q.put(Name.CASCADING_EVENT_FOREIGN_KEY, () -> render.selectOne().from(DSL.table("pragma_foreign_key_list('change_events')"))
                    .where(DSL.field(DSL.name("table"), String.class).eq(DSL.inline("features"))));
        }
        return q;
    }

    /**
     * Renders every kept statement of {@code dialect}.
     *
     * @param dialect where the SQL differs
     * @return the SQL by name, in {@link Name} order
     */
    static Map<Name, String> render(Dialect dialect) {
        DSLContext render = renderer(dialect.jooqDialect());
        Map<Name, String> out = new LinkedHashMap<>();
        definitions(render, dialect).forEach((name, query) -> out.put(name, render.render(query.get())));
        return out;
    }

    /** @return the class-path resource of {@code dialect}'s rendered statements */
    static String resourceName(Dialect dialect) {
        return "kept-sql-" + dialect.jooqDialect().name().toLowerCase(java.util.Locale.ROOT) + ".properties";
    }

    /**
     * Writes the rendered statements of both dialects beside this class in a class-output folder
     * (Maven's {@code process-classes} phase runs it on {@code target/classes}).
     *
     * @param args one argument: the class-output folder
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: KeptSql CLASS-OUTPUT-FOLDER");
        }
        Path folder = Path.of(args[0], KeptSql.class.getPackageName().replace('.', '/'));
        Files.createDirectories(folder);
        for (Dialect dialect : new Dialect[] {SqliteDialect.INSTANCE, PostgresDialect.INSTANCE}) {
            Properties sql = new Properties();
            render(dialect).forEach((name, text) -> sql.setProperty(name.name(), text));
            try (OutputStream out = Files.newOutputStream(folder.resolve(resourceName(dialect)))) {
                sql.store(out, "kept statements of " + dialect.jooqDialect() + ", rendered by KeptSql from their DSL definitions");
            }
        }
    }

    private static final ConcurrentMap<SQLDialect, KeptSql> BY_DIALECT = new ConcurrentHashMap<>();

    /**
     * @param dialect a backend's dialect
     * @return its kept statements, loaded once per JVM
     */
    public static KeptSql of(Dialect dialect) {
        return BY_DIALECT.computeIfAbsent(dialect.jooqDialect(), d -> new KeptSql(dialect, load(dialect)));
    }

    /** @return the statements the build rendered for {@code dialect}, none if the resource is missing */
    private static Properties load(Dialect dialect) {
        Properties rendered = new Properties();
        try (InputStream in = KeptSql.class.getResourceAsStream(resourceName(dialect))) {
            if (in != null) {
                rendered.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resourceName(dialect), e);
        }
        return rendered;
    }

    private final Dialect dialect;
    private final Map<Name, String> sql = new ConcurrentHashMap<>();

    /**
     * Rendered UPDATE … RETURNING statements, by the list of fields they set: rendered when first
     * run (each operation sets a fixed set of fields, so there are few).
     */
    private final Map<List<Field<?>>, String> updates = new ConcurrentHashMap<>();

    /** Made when something is first rendered at run time (see {@link #render(Function)}). */
    private Map<Name, Supplier<Query>> definitions;
    private DSLContext render;

    /**
     * @param dialect the dialect
     * @param rendered what the build rendered, by {@link Name}; a statement missing here is rendered when first asked for
     */
    KeptSql(Dialect dialect, Properties rendered) {
        this.dialect = dialect;
        for (Name name : Name.values()) {
            String text = rendered.getProperty(name.name());
            if (text != null) {
                sql.put(name, text);
            }
        }
    }

    /**
     * @param name a statement
     * @return its SQL in this dialect, as rendered at build time (or now, the first time, without the resource)
     */
    public String sql(Name name) {
        String text = sql.get(name);
        return text != null ? text : sql.computeIfAbsent(name, this::renderNow);
    }

    /**
     * @param fields the fields an UPDATE sets (besides {@code updated_at})
     * @return its SQL in this dialect ({@link JdbcFeatureRepository#updateQuery}), rendered the first time
     */
    String update(List<Field<?>> fields) {
        return updates.computeIfAbsent(fields, f -> render(r -> JdbcFeatureRepository.updateQuery(r, f)));
    }

    /**
     * Renders a statement that cannot be rendered at build time (an UPDATE's field list, an INSERT
     * with another tool's columns), with this dialect's one renderer, made on the first call.
     *
     * @param query builds the statement with the renderer it is given
     * @return its SQL
     */
    synchronized String render(Function<DSLContext, Query> query) {
        if (render == null) {
            render = renderer(dialect.jooqDialect());
        }
        return render.render(query.apply(render));
    }

    private String renderNow(Name name) {
        return render(r -> {
            if (definitions == null) {
                definitions = definitions(r, dialect);
            }
            Supplier<Query> query = definitions.get(name);
            if (query == null) {
                throw new IllegalArgumentException(name + " is not a statement of " + dialect.jooqDialect());
            }
            return query.get();
        });
    }
}
