package dev.flowdb.internal.sqlite;

import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.sql.JdbcFeatureRepository;
import dev.flowdb.internal.sql.KeptSql;
import dev.flowdb.internal.sql.TextColumns;
import dev.flowdb.internal.sql.Versions;

import static dev.flowdb.schema.jooq.Tables.FLOW_STATUS_LOG;

import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;

/**
 * The SQLite backend's statements: the shared JDBC ones, plus the change counters the triggers
 * keep in {@code flow_meta} and the status log (read by every process to know when its caches are
 * stale, the Python tool's writes included), and ids above {@code sqlite_sequence}. A write
 * transaction ({@code BEGIN IMMEDIATE}) already holds the file's only write lock, so the graph
 * needs no lock of its own.
 */
public final class SqliteFeatureRepository extends JdbcFeatureRepository {

    /**
     * @param insertDefaults the neutral values of other tools' NOT NULL columns, by name, inlined into every insert
     * @param text how this file's text columns are read
     */
    SqliteFeatureRepository(Map<String, Object> insertDefaults, TextColumns text) {
        super(SqliteDialect.INSTANCE, insertDefaults, text);
    }

    /** The scheduling picture's query production runs, for the plan tests. */
    static ResultQuery<?> pictureQuery(org.jooq.DSLContext ctx) {
        return pictureQuery(ctx, SqliteDialect.INSTANCE);
    }

    @Override
    public long reserveIds(Session ctx, int count) {
        return firstFreeId(ctx);
    }

    @Override
    public void lockGraph(Session ctx) {
        // BEGIN IMMEDIATE took the file's write lock: no other writer runs until the commit
    }

    /**
     * The versions from {@code flow_meta}, or {@code null} if graph or status is missing or not a
     * number; a missing or unreadable content_version reads as -1.
     */
    @Override
    public Versions versions(Session ctx) {
        return run(ctx, kept.sql(KeptSql.Name.FLOW_META_BY_KEYS), ps -> {
            ps.setString(1, "graph_version");
            ps.setString(2, "status_version");
            ps.setString(3, "content_version");
            long graph = Long.MIN_VALUE;
            long status = Long.MIN_VALUE;
            long content = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    long value = number(rs.getString(2), "content_version".equals(key) ? -1 : Long.MIN_VALUE);
                    switch (key) {
                        case "graph_version" -> graph = value;
                        case "status_version" -> status = value;
                        default -> content = value;
                    }
                }
            }
            return graph == Long.MIN_VALUE || status == Long.MIN_VALUE ? null : new Versions(graph, status, content);
        });
    }

    private static long number(String text, long otherwise) {
        try {
            return text == null ? otherwise : Long.parseLong(text.trim());
        } catch (NumberFormatException notANumber) {
            return otherwise;
        }
    }

    @Override
    public List<Long> statusChanges(Session ctx, long from, long to) {
        List<Long> changed = ctx.dsl().select(FLOW_STATUS_LOG.FEATURE_ID).from(FLOW_STATUS_LOG)
                .where(FLOW_STATUS_LOG.VERSION.gt(from)).and(FLOW_STATUS_LOG.VERSION.le(to))
                .fetch(FLOW_STATUS_LOG.FEATURE_ID);
        // the status trigger logs every change: fewer entries means the log was pruned past `from`
        return changed.size() == to - from ? changed : null;
    }

    @Override
    public void pruneStatusChanges(Session ctx, long upTo) {
        ctx.dsl().deleteFrom(FLOW_STATUS_LOG).where(FLOW_STATUS_LOG.VERSION.le(upTo)).execute();
    }
}
