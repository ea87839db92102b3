package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.flowdb.Database;
import dev.flowdb.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL during its very first migration of a legacy file leaves
 * Liquibase's lock row taken; the next open must see that its taker is gone and go on at once
 * instead of waiting out Liquibase's five minutes, and a live migration's lock is never broken.
 */
class MigrationLockTest {

    @TempDir
    Path dir;

    /** The Python original's file with {@code rows} more features, so a first migration takes long enough to be killed in. */
    Path largeLegacyFile(int rows) {
        Path db = Fixtures.copy("autocoder-current", dir);
        Fixtures.execute(db, "insert into features (priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input) "
                + "with recursive n(i) as (select 1 union all select i + 1 from n where i < " + rows + ") "
                + "select 1000 + i, 'bulk', 'feature ' || i, 'generated', '[\"step\"]', i % 3 = 0, 0, '[]', 0 from n");
        return db;
    }

    static boolean liquibaseLockTaken(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro&immutable=0", new java.util.Properties());
             Statement st = c.createStatement()) {
            st.execute("pragma busy_timeout = 0");
            try (ResultSet rs = st.executeQuery("select LOCKED from DATABASECHANGELOGLOCK where ID = 1")) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException notYetOrBusy) {
            return false;
        }
    }

    @Test
    void aProcessKilledDuringItsFirstMigrationDoesNotMakeTheNextOpenWait() throws Exception {
        int rows = 150_000;
        Path pristine = largeLegacyFile(rows);
        long legacyRows = ((Number) Fixtures.query(pristine, "select count(*) from features").get(0).get(0)).longValue();
        Path backup = dir.resolve("pristine.copy");
        Files.copy(pristine, backup);
        boolean caught = false;
        for (int attempt = 0; attempt < 5 && !caught; attempt++) {
            Files.copy(backup, pristine, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve(pristine.getFileName() + "-wal"));
            Files.deleteIfExists(dir.resolve(pristine.getFileName() + "-shm"));
            try (ChildJvm migrating = ChildJvm.start(OpenWorker.class, pristine.toString())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (migrating.process.isAlive() && System.nanoTime() < deadline) {
                    if (liquibaseLockTaken(pristine)) {
                        migrating.kill();
                        caught = true;
                        break;
                    }
                }
                if (!caught) {
                    migrating.waitFor(60);
                }
            }
        }
        assertThat(caught).as("a first migration was killed while it held Liquibase's lock").isTrue();
        assertThat(liquibaseLockTaken(pristine)).as("the killed process left the lock taken").isTrue();

        long total = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (Database db = Database.open(pristine)) {
                return db.features().stats().total();
            }
        }, "the next open waited for the dead process's lock");
        assertThat(total).isEqualTo(legacyRows);
        assertThat(liquibaseLockTaken(pristine)).isFalse();
        assertThat(Fixtures.query(pristine, "select count(*) from features where created_at is null").get(0).get(0)).isEqualTo(0);
        assertThat(Fixtures.query(pristine, "pragma integrity_check").get(0).get(0)).isEqualTo("ok");
        try (ChildJvm again = ChildJvm.start(OpenWorker.class, pristine.toString())) {
            assertThat(again.readAll()).containsExactly("opened " + legacyRows);
            assertThat(again.waitFor(60)).isZero();
        }
    }

    @Test
    void aLiveMigrationInAnotherProcessIsWaitedForNotBroken() throws Exception {
        Path db = largeLegacyFile(150_000);
        List<ChildJvm> children = List.of(ChildJvm.start(OpenWorker.class, db.toString()), ChildJvm.start(OpenWorker.class, db.toString()));
        try (Database mine = Database.open(db)) {
            assertThat(mine.features().stats().total()).isGreaterThan(150_000);
        }
        for (ChildJvm child : children) {
            try (child) {
                assertThat(child.readAll()).hasSize(1).first().asString().startsWith("opened ");
                assertThat(child.waitFor(120)).as(child.stderr()).isZero();
            }
        }
        assertThat(Fixtures.query(db, "select count(*) from DATABASECHANGELOG where ID = '006-features-claim-renewed-at'").get(0).get(0))
                .as("every changeset ran once").isEqualTo(1);
    }
}
