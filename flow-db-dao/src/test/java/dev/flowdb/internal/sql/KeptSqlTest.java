package dev.flowdb.internal.sql;

import dev.flowdb.internal.postgres.PostgresDialect;
import dev.flowdb.internal.sqlite.SqliteDialect;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.jooq.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kept statements the build rendered into the class path are what their DSL definitions
 * render to now (a stale or missing resource would run other SQL than the code says), and the
 * column lists the row mappers read by position are the generated tables' own.
 */
class KeptSqlTest {

    private static Dialect dialect(String name) {
        return name.equals("sqlite") ? SqliteDialect.INSTANCE : PostgresDialect.INSTANCE;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void theBuildsRenderingIsTheDslsRenderingOfEveryStatement(String which) throws Exception {
        Dialect dialect = dialect(which);
        Properties built = new Properties();
        try (InputStream in = KeptSql.class.getResourceAsStream(KeptSql.resourceName(dialect))) {
            assertThat(in).as("%s on the class path: written by the process-classes phase", KeptSql.resourceName(dialect)).isNotNull();
            built.load(in);
        }
        Map<KeptSql.Name, String> fromResource = new EnumMap<>(KeptSql.Name.class);
        built.forEach((k, v) -> fromResource.put(KeptSql.Name.valueOf((String) k), (String) v));
        assertThat(fromResource).isEqualTo(KeptSql.render(dialect));
        boolean sqlite = dialect == SqliteDialect.INSTANCE;
        assertThat(fromResource.keySet()).containsExactlyInAnyOrder(Arrays.stream(KeptSql.Name.values())
                .filter(n -> sqlite || !n.sqliteOnly()).toArray(KeptSql.Name[]::new));
        for (KeptSql.Name name : fromResource.keySet()) {
            assertThat(KeptSql.of(dialect).sql(name)).isEqualTo(fromResource.get(name));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void withoutTheResourceEachStatementIsRenderedWhenFirstAskedFor(String which) {
        Dialect dialect = dialect(which);
        KeptSql bare = new KeptSql(dialect, new Properties());
        KeptSql.render(dialect).forEach((name, sql) -> assertThat(bare.sql(name)).as(name.name()).isEqualTo(sql));
        if (dialect == PostgresDialect.INSTANCE) {
            assertThatThrownBy(() -> bare.sql(KeptSql.Name.ENCODING)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ENCODING is not a statement of POSTGRES");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"features", "change_events"})
    void theRowMappersColumnsAreTheGeneratedTablesColumnsInOrder(String table) {
        Field<?>[] generated = table.equals("features") ? FEATURES.fields() : CHANGE_EVENTS.fields();
        assertThat(table.equals("features") ? FeatureRows.COLUMNS : EventRows.COLUMNS)
                .containsExactly(Arrays.stream(generated).map(Field::getName).toArray(String[]::new));
    }
}
