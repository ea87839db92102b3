package dev.flowdb.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.NewFeature;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text reads the same whatever the database's encoding: non-ASCII, empty and NULL values. */
class TextColumnsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16le", "UTF-16be"})
    void textRoundTripsInEveryEncoding(String encoding) throws Exception {
        Path file = dir.resolve("features-" + encoding + ".db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("pragma encoding = '" + encoding + "'");
            st.execute("create table probe (x)");
        }
        String name = "Grüße, 世界 🚀 \"quoted\" \\ back";
        try (Database db = Database.open(file)) {
            Feature created = db.features().create(new NewFeature("ünïcode", name, "déjà vu", List.of("step ✓", "två")));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                st.execute("update features set claimed_by = '', description = '', human_input_response = null where id = " + created.id());
            }
            Feature read = db.features().getById(created.id()).orElseThrow();
            assertThat(read.name()).isEqualTo(name);
            assertThat(read.category()).isEqualTo("ünïcode");
            assertThat(read.description()).isEmpty();
            assertThat(read.steps()).containsExactly("step ✓", "två");
            assertThat(read.claimedBy()).isEmpty();
            assertThat(read.humanInputResponse()).isNull();
            assertThat(read.createdAt()).isEqualTo(created.createdAt());
            assertThat(db.features().getAll()).containsExactly(read);
            assertThat(db.features().markPassing(created.id()).name()).isEqualTo(name);
        }
    }
}
