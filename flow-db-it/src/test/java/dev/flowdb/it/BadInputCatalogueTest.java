package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowdb.Actor;
import dev.flowdb.ClaimResult;
import dev.flowdb.CorruptDatabaseException;
import dev.flowdb.Database;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.DatabaseBusyException;
import dev.flowdb.DependencyRef;
import dev.flowdb.EventLog;
import dev.flowdb.Feature;
import dev.flowdb.FeatureNotFoundException;
import dev.flowdb.FeatureStore;
import dev.flowdb.FeatureUpdate;
import dev.flowdb.FlowDbException;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.IllegalFeatureStateException;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.NewFeature;
import dev.flowdb.ReadOnlyDatabaseException;
import dev.flowdb.SchemaVersionException;
import dev.flowdb.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public entry point fed bad input: each call fails with its named exception, and a dump
 * of the database (schema and every row, read with plain JDBC) is identical before and after.
 */
class BadInputCatalogueTest {

    @TempDir
    Path dir;

    Path file;
    Database db;
    FeatureStore store;
    EventLog log;
    Feature a;
    Feature b;
    Feature passing;
    Feature claimed;
    int calls;

    @BeforeEach
    void seed() {
        file = dir.resolve("features.db");
        db = Database.open(file);
        store = db.features(Actor.of("tester", "it"));
        log = db.events();
        a = store.create(new NewFeature("c", "a", "d", List.of("s")));
        b = store.create(new NewFeature("c", "b", "d", List.of("s")).dependsOn(DependencyRef.id(a.id())));
        passing = store.create(new NewFeature("c", "p", "d", List.of("s")));
        store.markPassing(passing.id());
        claimed = store.create(new NewFeature("c", "x", "d", List.of("s")));
        store.claim(claimed.id());
    }

    @AfterEach
    void close() {
        db.close();
    }

    void refused(Class<? extends FlowDbException> type, ThrowingCallable call) {
        String before = DatabaseDump.of(file);
        assertThatThrownBy(call).isInstanceOf(type).hasMessageNotContaining("null pointer");
        assertThat(DatabaseDump.of(file)).isEqualTo(before);
        calls++;
    }

    static NewFeature nf(String category, String name, String description, List<String> steps) {
        return new NewFeature(category, name, description, steps);
    }

    @Test
    void everyFeatureStoreMethodRefusesBadInputAndChangesNothing() {
        List<NewFeature> twentyOne = new ArrayList<>(Collections.nCopies(21, nf("c", "m", "d", List.of("s"))));
        List<Long> ids21 = store.createBulk(twentyOne).stream().map(Feature::id).toList();
        NewFeature tooMany = nf("c", "n", "d", List.of("s")).dependsOn(ids21.stream().map(DependencyRef::id).toArray(DependencyRef[]::new));

        // create
        refused(ValidationException.class, () -> store.create(null));
        refused(ValidationException.class, () -> store.create(nf(null, "n", "d", List.of("s"))));
        refused(ValidationException.class, () -> store.create(nf("c", " ", "d", List.of("s"))));
        refused(ValidationException.class, () -> store.create(nf("c", "n".repeat(256), "d", List.of("s"))));
        refused(ValidationException.class, () -> store.create(nf("c".repeat(101), "n", "d", List.of("s"))));
        refused(ValidationException.class, () -> store.create(nf("c", "n", "", List.of("s"))));
        refused(ValidationException.class, () -> store.create(nf("c", "n", "d", List.of())));
        refused(ValidationException.class, () -> store.create(nf("c", "n", "d", Arrays.asList("s", null))));
        refused(InvalidDependencyException.class, () -> store.create(nf("c", "n", "d", List.of("s")).dependsOn(DependencyRef.id(999))));
        refused(InvalidDependencyException.class, () -> store.create(nf("c", "n", "d", List.of("s")).dependsOn(DependencyRef.id(0))));
        refused(InvalidDependencyException.class, () -> store.create(nf("c", "n", "d", List.of("s")).dependsOn(DependencyRef.id(-4))));
        refused(InvalidDependencyException.class, () -> store.create(nf("c", "n", "d", List.of("s")).dependsOn(DependencyRef.index(0))));
        refused(InvalidDependencyException.class, () -> store.create(tooMany));
        refused(ValidationException.class, () -> nf("c", "n", "d", List.of("s")).dependsOn((DependencyRef) null));

        // createBulk
        refused(ValidationException.class, () -> store.createBulk(null));
        refused(ValidationException.class, () -> store.createBulk(Arrays.asList(nf("c", "n", "d", List.of("s")), null)));
        refused(ValidationException.class, () -> store.createBulk(List.of(nf("c", "n", "d", List.of("s")), nf("c", "", "d", List.of("s")))));
        refused(InvalidDependencyException.class, () -> store.createBulk(List.of(nf("c", "n", "d", List.of("s")).dependsOn(DependencyRef.index(3)))));
        refused(InvalidDependencyException.class, () -> store.createBulk(List.of(nf("c", "n", "d", List.of("s")).dependsOn(DependencyRef.index(-1)))));
        refused(InvalidDependencyException.class, () -> store.createBulk(List.of(nf("c", "n", "d", List.of("s")).dependsOn(DependencyRef.index(0)))));
        refused(InvalidDependencyException.class, () -> store.createBulk(List.of(
                nf("c", "n", "d", List.of("s")).dependsOn(DependencyRef.index(1)), nf("c", "m", "d", List.of("s")).dependsOn(DependencyRef.index(0)))));
        refused(InvalidDependencyException.class, () -> store.createBulk(List.of(nf("c", "n", "d", List.of("s")), nf("c", "m", "d", List.of("s")).dependsOn(DependencyRef.id(999)))));
        refused(InvalidDependencyException.class, () -> store.createBulk(List.of(tooMany)));

        // reads
        for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
            refused(ValidationException.class, () -> store.getById(bad));
            refused(ValidationException.class, () -> store.claim(bad));
            refused(ValidationException.class, () -> store.markInProgress(bad));
            refused(ValidationException.class, () -> store.clearInProgress(bad));
            refused(ValidationException.class, () -> store.markPassing(bad));
            refused(ValidationException.class, () -> store.markFailing(bad));
            refused(ValidationException.class, () -> store.skip(bad));
            refused(ValidationException.class, () -> store.delete(bad));
            refused(ValidationException.class, () -> store.update(bad, FeatureUpdate.empty().withName("x")));
            refused(ValidationException.class, () -> store.addDependency(bad, a.id()));
            refused(ValidationException.class, () -> store.addDependency(a.id(), bad));
            refused(ValidationException.class, () -> store.removeDependency(bad, a.id()));
            refused(ValidationException.class, () -> store.setDependencies(bad, List.of()));
            refused(ValidationException.class, () -> store.requestHumanInput(bad, new HumanInputRequest("?", List.of(HumanInputRequest.Field.text("a", "A")))));
            refused(ValidationException.class, () -> store.answerHumanInput(bad, Map.of()));
        }
        refused(ValidationException.class, () -> store.ready(0));
        refused(ValidationException.class, () -> store.blocked(-5));

        // unknown ids
        long unknown = 9999;
        String before = DatabaseDump.of(file);
        assertThat(store.getById(unknown)).isEmpty();
        assertThat(store.claim(unknown)).isInstanceOf(ClaimResult.Refused.class);
        assertThat(DatabaseDump.of(file)).isEqualTo(before);
        refused(FeatureNotFoundException.class, () -> store.markInProgress(unknown));
        refused(FeatureNotFoundException.class, () -> store.clearInProgress(unknown));
        refused(FeatureNotFoundException.class, () -> store.markPassing(unknown));
        refused(FeatureNotFoundException.class, () -> store.markFailing(unknown));
        refused(FeatureNotFoundException.class, () -> store.skip(unknown));
        refused(FeatureNotFoundException.class, () -> store.delete(unknown));
        refused(FeatureNotFoundException.class, () -> store.update(unknown, FeatureUpdate.empty().withName("x")));
        refused(FeatureNotFoundException.class, () -> store.addDependency(unknown, a.id()));
        refused(InvalidDependencyException.class, () -> store.addDependency(a.id(), unknown));   // as setDependencies refuses an unknown id
        refused(FeatureNotFoundException.class, () -> store.removeDependency(unknown, a.id()));
        refused(FeatureNotFoundException.class, () -> store.setDependencies(unknown, List.of(a.id())));
        refused(FeatureNotFoundException.class, () -> store.requestHumanInput(unknown, new HumanInputRequest("?", List.of(HumanInputRequest.Field.text("a", "A")))));
        refused(FeatureNotFoundException.class, () -> store.answerHumanInput(unknown, Map.of()));

        // update
        refused(ValidationException.class, () -> store.update(a.id(), null));
        refused(ValidationException.class, () -> store.update(a.id(), FeatureUpdate.empty().withName("")));
        refused(ValidationException.class, () -> store.update(a.id(), FeatureUpdate.empty().withCategory("c".repeat(101))));
        refused(ValidationException.class, () -> store.update(a.id(), FeatureUpdate.empty().withSteps(List.of())));
        refused(IllegalFeatureStateException.class, () -> store.update(passing.id(), FeatureUpdate.empty().withName("x")));

        // dependencies
        refused(InvalidDependencyException.class, () -> store.addDependency(a.id(), a.id()));
        refused(InvalidDependencyException.class, () -> store.addDependency(a.id(), b.id()));
        refused(InvalidDependencyException.class, () -> store.addDependency(b.id(), a.id()));
        refused(InvalidDependencyException.class, () -> store.removeDependency(a.id(), b.id()));
        refused(ValidationException.class, () -> store.setDependencies(a.id(), null));
        refused(ValidationException.class, () -> store.setDependencies(a.id(), Arrays.asList(b.id(), null)));
        refused(InvalidDependencyException.class, () -> store.setDependencies(a.id(), List.of(a.id())));
        refused(InvalidDependencyException.class, () -> store.setDependencies(a.id(), List.of(passing.id(), passing.id())));
        refused(InvalidDependencyException.class, () -> store.setDependencies(a.id(), LongStream.rangeClosed(1, 21).map(i -> i + 100).boxed().toList()));
        refused(InvalidDependencyException.class, () -> store.setDependencies(a.id(), List.of(-1L, 0L, 12345L)));
        refused(InvalidDependencyException.class, () -> store.setDependencies(a.id(), List.of(b.id())));
        Feature many = store.createBulk(List.of(nf("c", "many", "d", List.of("s")).dependsOn(ids21.subList(0, 20).stream().map(DependencyRef::id).toArray(DependencyRef[]::new)))).get(0);
        refused(InvalidDependencyException.class, () -> store.addDependency(many.id(), ids21.get(20)));

        // states
        refused(IllegalFeatureStateException.class, () -> store.markPassing(passing.id()));
        refused(IllegalFeatureStateException.class, () -> store.skip(passing.id()));
        refused(IllegalFeatureStateException.class, () -> store.markInProgress(claimed.id()));
        refused(IllegalFeatureStateException.class, () -> store.markInProgress(passing.id()));
        refused(IllegalFeatureStateException.class, () -> store.requestHumanInput(a.id(), new HumanInputRequest("?", List.of(HumanInputRequest.Field.text("a", "A")))));
        refused(ValidationException.class, () -> store.requestHumanInput(claimed.id(), null));
        refused(ValidationException.class, () -> new HumanInputRequest("", List.of(HumanInputRequest.Field.text("a", "A"))));
        refused(ValidationException.class, () -> new HumanInputRequest("?", List.of()));
        refused(ValidationException.class, () -> new HumanInputRequest("?", Arrays.asList(HumanInputRequest.Field.text("a", "A"), null)));
        refused(ValidationException.class, () -> new HumanInputRequest("?", List.of(HumanInputRequest.Field.text("a", "A"), HumanInputRequest.Field.text("a", "B"))));
        refused(ValidationException.class, () -> new HumanInputRequest("?", List.of(new HumanInputRequest.Field("a", "A", "select", true, List.of()))));
        refused(IllegalFeatureStateException.class, () -> store.answerHumanInput(a.id(), Map.of()));
        refused(ValidationException.class, () -> store.answerHumanInput(a.id(), null));
        refused(ValidationException.class, () -> store.releaseStaleClaims(null));
        refused(ValidationException.class, () -> store.releaseStaleClaims(Duration.ofSeconds(-1)));

        // the log and the handle
        refused(ValidationException.class, () -> log.log(0, "comment", null, null, null));
        refused(ValidationException.class, () -> log.log(a.id(), " ", null, null, null));
        refused(ValidationException.class, () -> log.log(a.id(), "comment", null, "{broken", null));
        refused(ValidationException.class, () -> log.since(0, 0));
        refused(ValidationException.class, () -> log.latest(-1));
        refused(ValidationException.class, () -> db.features(null));
        refused(ValidationException.class, () -> db.events(null));
        refused(ValidationException.class, () -> db.write(null));
        refused(ValidationException.class, () -> db.read(null));
        refused(ValidationException.class, () -> Actor.of("", "cli"));
        refused(ValidationException.class, () -> Actor.of("a", "x".repeat(201)));
        refused(ValidationException.class, () -> Database.builder(file).busyTimeout(Duration.ofMillis(-1)));
        refused(ValidationException.class, () -> Database.builder(file).readerPoolSize(0));
        refused(ValidationException.class, () -> Database.builder((java.nio.file.Path) null));
        refused(ValidationException.class, () -> Database.builder((String) null));
        refused(ValidationException.class, () -> Database.builder("jdbc:sqlite:x.db"));
        refused(ValidationException.class, () -> Database.builder((javax.sql.DataSource) null));
        refused(ValidationException.class, () -> Database.builder(file).schema("other"));
        System.err.printf("bad input catalogue: %d refused calls, database unchanged after each%n", calls);
    }

    @Test
    void badFilesAreRefusedByNameAndLeftAsTheyWere() throws Exception {
        db.close();
        refused(DatabaseAccessException.class, () -> Database.open(dir));
        Path blocker = Files.writeString(dir.resolve("plain-file"), "x");
        refused(DatabaseAccessException.class, () -> Database.open(blocker.resolve("sub/features.db")));

        Path text = Files.writeString(dir.resolve("text.db"), "id,name\n1,login\n".repeat(300));
        byte[] textBytes = Files.readAllBytes(text);
        assertThatThrownBy(() -> Database.open(text)).isInstanceOf(CorruptDatabaseException.class);
        assertThat(Files.readAllBytes(text)).isEqualTo(textBytes);

        Path truncated = dir.resolve("truncated.db");
        byte[] whole = Files.readAllBytes(file);
        Files.write(truncated, Arrays.copyOf(whole, 1500));
        byte[] truncatedBytes = Files.readAllBytes(truncated);
        assertThatThrownBy(() -> Database.open(truncated)).isInstanceOf(CorruptDatabaseException.class);
        assertThat(Files.readAllBytes(truncated)).isEqualTo(truncatedBytes);

        Path newer = dir.resolve("newer.db");
        Files.copy(file, newer);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement st = c.createStatement()) {
            st.execute("update flow_meta set value = '2' where key = 'schema_version'");
        }
        byte[] newerBytes = Files.readAllBytes(newer);
        assertThatThrownBy(() -> Database.open(newer)).isInstanceOf(SchemaVersionException.class);
        assertThat(Files.readAllBytes(newer)).isEqualTo(newerBytes);

        // a read-only file: refused for writing where the OS enforces it; a read-only open refuses writes anyway
        Path readOnly = dir.resolve("read-only.db");
        Files.copy(file, readOnly);
        assertThat(readOnly.toFile().setWritable(false, false)).isTrue();
        String before = DatabaseDump.of(readOnly);
        if (!Files.isWritable(readOnly)) {
            assertThatThrownBy(() -> Database.open(readOnly)).isInstanceOf(ReadOnlyDatabaseException.class);
        }
        try (Database ro = Database.builder(readOnly).readOnly(true).open()) {
            assertThat(ro.features().getAll()).hasSize(4);
            assertThatThrownBy(() -> ro.features().markPassing(1)).isInstanceOf(ReadOnlyDatabaseException.class);
        }
        assertThat(DatabaseDump.of(readOnly)).isEqualTo(before);
    }

    @Test
    void aFileLockedByAnotherWriterPastTheBusyTimeoutIsReportedAsBusy() throws Exception {
        db.close();
        String before = DatabaseDump.of(file);
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = holder.createStatement()) {
            st.execute("begin immediate");
            st.execute("update features set priority = priority + 100");
            assertThatThrownBy(() -> Database.builder(file).busyTimeout(Duration.ofMillis(300)).open())
                    .isInstanceOf(DatabaseBusyException.class).hasMessageContaining("busy timeout");
            st.execute("rollback");
        }
        assertThat(DatabaseDump.of(file)).isEqualTo(before);
        try (Database open = Database.builder(file).busyTimeout(Duration.ofMillis(300)).open();
             Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = holder.createStatement()) {
            st.execute("begin immediate");
            assertThatThrownBy(() -> open.features().claim(a.id())).isInstanceOf(DatabaseBusyException.class);
            assertThatThrownBy(() -> open.features().create(nf("c", "n", "d", List.of("s")))).isInstanceOf(DatabaseBusyException.class);
            // readers are not blocked by a writer (WAL)
            assertThat(open.features().getById(a.id())).isPresent();
            st.execute("rollback");
            assertThat(open.features().claim(a.id())).isInstanceOf(ClaimResult.Claimed.class);
        }
    }
}
