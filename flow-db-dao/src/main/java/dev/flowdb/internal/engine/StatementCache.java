package dev.flowdb.internal.engine;

import dev.flowdb.internal.sql.JdbcFeatureRepository;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements kept open per pooled connection. sqlite-jdbc parses and plans the SQL anew
 * on every {@code prepareStatement} — for an UPDATE of {@code features} that includes compiling
 * its triggers — and on one-row statements that costs as much as running them. Every connection
 * the engine lends to jOOQ (and to the repository's kept statements, {@link JdbcFeatureRepository}) is wrapped here: {@code prepareStatement(sql)}
 * returns the statement kept for that SQL text, and closing it hands it back instead of
 * finalising it.
 *
 * <p>The rules that keep reuse invisible to callers:
 * <ul>
 * <li>a kept statement is lent to one caller at a time; a second {@code prepareStatement} of the
 *     same SQL while the first is still open (a lazy cursor, say) gets a fresh, unkept statement;</li>
 * <li>on hand-back, every result set the caller obtained is closed, which resets the SQLite
 *     statement, so no read snapshot outlives the call;</li>
 * <li>a statement whose call failed, or whose caller changed statement-level settings (max rows,
 *     fetch size, query timeout, …), is finalised instead of kept;</li>
 * <li>each connection keeps at most {@value #PER_CONNECTION} statements, least recently used
 *     first out (users' own queries go through the cache too).</li>
 * </ul>
 * Kept statements are prepared on the driver's connection below HikariCP's proxy, so the pool
 * does not close them when the connection is returned; sqlite-jdbc finalises them when the pool
 * retires the connection. A connection is only ever used by the thread that borrowed it, so a
 * connection's statements need no lock; the pool's hand-off orders successive borrowers.
 */
public final class StatementCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);

    /** How many statements each connection keeps. */
    static final int PER_CONNECTION = 128;

    private static final ClassLoader LOADER = StatementCache.class.getClassLoader();

    private final Map<Connection, Kept> byConnection = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param pooled a connection as the pool lent it
     * @return a view of it whose {@code prepareStatement(String)} reuses kept statements; the
     *         view is valid while {@code pooled} is borrowed
     */
    Connection wrap(Connection pooled) throws SQLException {
        Connection raw = pooled.unwrap(SQLiteConnection.class);
        Kept kept = byConnection.get(raw);
        if (kept == null) {
            if (closed) {
                throw new IllegalStateException("the statement cache is closed");
            }
            byConnection.keySet().removeIf(StatementCache::isClosed);
            kept = new Kept(raw);
            byConnection.put(raw, kept);
        }
        Kept statements = kept;
        return (Connection) Proxy.newProxyInstance(LOADER, new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                return statements.lend(pooled, (String) args[0]);
            }
            return call(pooled, method, args);
        });
    }

    /** @return how many statements are kept, over all connections (for tests) */
    int size() {
        return byConnection.values().stream().mapToInt(k -> k.statements.size()).sum();
    }

    /** Forgets every kept statement; the pools' closing finalises them. */
    @Override
    public void close() {
        closed = true;
        byConnection.clear();
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The statements kept on one driver connection, least recently used first. */
    private static final class Kept {
        private final Connection raw;
        private final LinkedHashMap<String, Lent> statements = new LinkedHashMap<>(32, 0.75f, true);

        Kept(Connection raw) {
            this.raw = raw;
        }

        PreparedStatement lend(Connection pooled, String sql) throws SQLException {
            Lent lent = statements.get(sql);
            if (lent != null && lent.out) {
                // the kept one is still open (a nested use of the same SQL): an ordinary statement
                return pooled.prepareStatement(sql);
            }
            if (lent == null || lent.statement.isClosed()) {
                lent = new Lent(this, sql, raw.prepareStatement(sql));
                statements.put(sql, lent);
                evictBeyondLimit();
            }
            lent.out = true;
            return lent.view;
        }

        private void evictBeyondLimit() {
            Iterator<Lent> oldest = statements.values().iterator();
            while (statements.size() > PER_CONNECTION && oldest.hasNext()) {
                Lent lent = oldest.next();
                oldest.remove();
                lent.evicted = true;
                if (!lent.out) {
                    lent.finish();
                }
            }
        }
    }

    /** One kept statement and the view of it that callers hold. */
    private static final class Lent implements InvocationHandler {
        private final Kept owner;
        private final String sql;
        private final PreparedStatement statement;
        private final PreparedStatement view;
        private final List<ResultSet> results = new ArrayList<>(1);
        private boolean out;
        private boolean spoiled;
        private boolean evicted;

        Lent(Kept owner, String sql, PreparedStatement statement) {
            this.owner = owner;
            this.sql = sql;
            this.statement = statement;
            this.view = (PreparedStatement) Proxy.newProxyInstance(LOADER, new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            int arity = args == null ? 0 : args.length;
            if (name.equals("close") && arity == 0) {
                handBack();
                return null;
            }
            if (name.equals("isClosed") && arity == 0) {
                return !out;
            }
            if (name.equals("equals") && arity == 1) {
                return proxy == args[0];
            }
            if (name.equals("hashCode") && arity == 0) {
                return System.identityHashCode(proxy);
            }
            if (!out) {
                throw new SQLException("statement is closed");
            }
            // statement-level settings (setMaxRows, setFetchSize, setQueryTimeout, …) take one
            // argument; parameter setters take an index and a value
            if (name.startsWith("set") && arity == 1 || name.equals("closeOnCompletion")) {
                spoiled = true;
            }
            try {
                Object result = method.invoke(statement, args);
                if (result instanceof ResultSet rs) {
                    results.add(rs);
                }
                return result;
            } catch (InvocationTargetException e) {
                spoiled = true;
                throw e.getCause();
            }
        }

        private void handBack() {
            if (!out) {
                return;
            }
            out = false;
            try {
                for (ResultSet rs : results) {
                    if (!rs.isClosed()) {
                        rs.close();
                    }
                }
            } catch (SQLException e) {
                spoiled = true;
            }
            results.clear();
            if (spoiled || evicted) {
                if (!evicted && owner.statements.get(sql) == this) {
                    owner.statements.remove(sql);
                }
                finish();
            }
        }

        void finish() {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("closing a kept statement", e);
            }
        }
    }
}
