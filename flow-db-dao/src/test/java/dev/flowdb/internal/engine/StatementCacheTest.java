package dev.flowdb.internal.engine;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowdb.Database;
import dev.flowdb.NewFeature;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Cursor;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept statements behave like fresh ones to every caller. */
class StatementCacheTest {

    @TempDir
    Path dir;

    Connection raw;
    StatementCache cache;
    Connection wrapped;

    @BeforeEach
    void open() throws SQLException {
        raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        try (Statement st = raw.createStatement()) {
            st.execute("pragma journal_mode = wal");
            st.execute("create table t (id integer primary key, v text not null)");
            st.execute("insert into t values (1, 'a'), (2, 'b'), (3, 'c')");
        }
        cache = new StatementCache();
        wrapped = cache.wrap(raw);
    }

    @AfterEach
    void close() throws SQLException {
        cache.close();
        raw.close();
    }

    private List<String> values(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = wrapped.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aStatementIsPreparedOnceAndReused() throws SQLException {
        assertThat(values("select v from t order by id")).containsExactly("a", "b", "c");
        assertThat(values("select v from t order by id")).containsExactly("a", "b", "c");
        assertThat(cache.size()).isEqualTo(1);
        PreparedStatement first = wrapped.prepareStatement("select v from t where id = ?");
        first.close();
        assertThat(first.isClosed()).isTrue();
        assertThatThrownBy(() -> first.setLong(1, 1)).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    @Test
    void aNestedUseOfTheSameSqlGetsItsOwnStatement() throws SQLException {
        String sql = "select v from t order by id";
        List<String> outer = new ArrayList<>();
        try (PreparedStatement ps = wrapped.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                outer.add(rs.getString(1));
                assertThat(values(sql)).containsExactly("a", "b", "c");
            }
        }
        assertThat(outer).containsExactly("a", "b", "c");
    }

    @Test
    void handingBackResetsTheStatementSoNoSnapshotLingers() throws Exception {
        // the caller reads one row of three and closes only the statement
        PreparedStatement ps = wrapped.prepareStatement("select v from t order by id");
        ResultSet rs = ps.executeQuery();
        assertThat(rs.next()).isTrue();
        ps.close();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db")); Statement st = other.createStatement()) {
            st.execute("update t set v = 'z' where id = 1");
            try (ResultSet ck = st.executeQuery("pragma wal_checkpoint(truncate)")) {
                assertThat(ck.next()).isTrue();
                assertThat(ck.getInt(1)).as("checkpoint blocked by a reader").isZero();
            }
        }
        assertThat(values("select v from t order by id")).containsExactly("z", "b", "c");
    }

    @Test
    void statementSettingsDoNotLeakToTheNextCaller() throws SQLException {
        String sql = "select v from t order by id";
        try (PreparedStatement ps = wrapped.prepareStatement(sql)) {
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isFalse();
            }
        }
        assertThat(values(sql)).containsExactly("a", "b", "c");
    }

    @Test
    void aFailedStatementIsNotKept() throws SQLException {
        String insert = "insert into t (id, v) values (?, ?)";
        try (PreparedStatement ps = wrapped.prepareStatement(insert)) {
            ps.setLong(1, 1);
            ps.setString(2, "dup");
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
        }
        assertThat(cache.size()).isZero();
        try (PreparedStatement ps = wrapped.prepareStatement(insert)) {
            ps.setLong(1, 4);
            ps.setString(2, "d");
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(values("select v from t order by id")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void eachConnectionKeepsABoundedNumber() throws SQLException {
        for (int i = 0; i < StatementCache.PER_CONNECTION * 2; i++) {
            assertThat(values("select v from t where id = 1 and " + i + " = " + i)).containsExactly("a");
        }
        assertThat(cache.size()).isEqualTo(StatementCache.PER_CONNECTION);
    }

    @Test
    void throughTheDatabaseReadsSeeOtherWritersAndLazyCursorsNest(@TempDir Path other) throws SQLException {
        Path file = other.resolve("features.db");
        try (Database db = Database.builder(file).readerPoolSize(1).open()) {
            db.features().create(new NewFeature("c", "one", "d", List.of("s")));
            db.features().create(new NewFeature("c", "two", "d", List.of("s")));
            assertThat(db.features().getById(1).orElseThrow().name()).isEqualTo("one");
            try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = writer.createStatement()) {
                st.execute("update features set name = 'renamed' where id = 1");
            }
            assertThat(db.features().getById(1).orElseThrow().name()).isEqualTo("renamed");
            List<String> pairs = db.read(ctx -> {
                List<String> out = new ArrayList<>();
                try (Cursor<?> outer = ctx.select(FEATURES.NAME).from(FEATURES).orderBy(FEATURES.ID).fetchLazy()) {
                    for (var row : outer) {
                        out.add(row.get(FEATURES.NAME) + "/" + ctx.select(FEATURES.NAME).from(FEATURES).orderBy(FEATURES.ID).fetch(FEATURES.NAME));
                    }
                }
                return out;
            });
            assertThat(pairs).containsExactly("renamed/[renamed, two]", "two/[renamed, two]");
            List<String> first = db.read(ctx -> ctx.select(FEATURES.NAME).from(FEATURES).orderBy(FEATURES.ID).maxRows(1).fetch(FEATURES.NAME));
            assertThat(first).containsExactly("renamed");
            List<String> all = db.read(ctx -> ctx.select(FEATURES.NAME).from(FEATURES).orderBy(FEATURES.ID).fetch(FEATURES.NAME));
            assertThat(all).containsExactly("renamed", "two");
            Integer one = db.read(ctx -> ctx.fetchValue(DSL.inline(1)));
            assertThat(one).isEqualTo(1);
        }
    }
}
