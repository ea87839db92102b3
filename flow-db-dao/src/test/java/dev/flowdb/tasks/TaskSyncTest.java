package dev.flowdb.tasks;

import dev.flowdb.Actor;
import dev.flowdb.ChangeEvent;
import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.FeatureUpdate;
import dev.flowdb.NewFeature;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSyncTest {

    @TempDir
    Path dir;

    Path tasks;
    Database db;
    FeatureStore store;

    @BeforeEach
    void open() {
        tasks = dir.resolve("tasks/flow-demo");
        db = Database.open(dir.resolve("features.db"));
        store = db.features(Actor.of("orchestrator", "api"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void write(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void featureToTaskToFeatureIsTheIdentity() {
        Random random = new Random(11);
        String[] words = {"Login", "ünïcödé", "naïve café", "emoji 😀", "quote \"x\"", "back\\slash", "tab\there", ""};
        for (int run = 0; run < 300; run++) {
            long id = 1 + random.nextInt(1000);
            List<String> steps = new ArrayList<>();
            for (int i = 0, n = random.nextInt(4); i < n; i++) {
                steps.add(words[random.nextInt(words.length - 1)] + " " + i);
            }
            TreeSet<Long> deps = new TreeSet<>();
            for (int i = 0, n = random.nextInt(4); i < n; i++) {
                deps.add(1L + random.nextInt(50));
            }
            boolean passes = random.nextInt(3) == 0;
            boolean inProgress = !passes && random.nextBoolean();
            Instant t = Instant.parse("2026-03-01T10:00:00.123Z").plusSeconds(random.nextInt(100000));
            Feature f = new Feature(id, random.nextInt(200) - 5, random.nextBoolean() ? "auth" : "ünï", words[random.nextInt(words.length - 1)] + run,
                    "line one\nline two " + words[random.nextInt(words.length)], steps, passes, inProgress, List.copyOf(deps),
                    random.nextInt(5) == 0, random.nextBoolean() ? null : "{\"prompt\":\"?\"}", null,
                    inProgress ? "coder-" + run : null, inProgress ? t : null, inProgress && random.nextBoolean() ? t.plusSeconds(60) : null, t, t.plusSeconds(5));
            Set<Long> existing = new TreeSet<>(deps);
            existing.removeIf(d -> d % 7 == 0);   // some dependencies dangle
            Task task = TaskSync.toTask(f, List.of(), existing);
            assertThat(task.blockedBy()).allSatisfy(b -> assertThat(Long.parseLong(b) % 7).isNotZero());
            assertThat(task.activeForm()).isNotBlank();
            assertThat(TaskSync.fromTask(task)).as("run %d", run).isEqualTo(f);
        }
    }

    @Test
    void exportWritesOneClaudeShapedFilePerFeature() {
        Feature a = store.create(new NewFeature("auth", "Login", "Email form", List.of("open /login", "submit")));
        Feature b = store.create(new NewFeature("auth", "Logout", "Button", List.of("click")).dependsOn(DependencyRef.id(a.id())));
        db.features(Actor.of("coder-3", "mcp")).claim(a.id());
        TaskSync.ExportResult result = TaskSync.export(db, tasks);
        assertThat(result.written()).isEqualTo(2);
        assertThat(result.highWatermark()).isEqualTo(b.id());
        String one = text(tasks.resolve(a.id() + ".json"));
        assertThat(one).startsWith("{\n  \"id\": \"" + a.id() + "\",\n  \"subject\": \"Login\",")
                .contains("\"status\": \"in_progress\"", "\"owner\": \"coder-3\"", "\"activeForm\": \"Implementing Login\"",
                        "\"blocks\": [\n    \"" + b.id() + "\"\n  ]", "1. open /login", TaskSync.STEPS_BEGIN);
        String two = text(tasks.resolve(b.id() + ".json"));
        assertThat(two).contains("\"status\": \"pending\"", "\"blockedBy\": [\n    \"" + a.id() + "\"\n  ]").doesNotContain("\"owner\"");
        assertThat(text(tasks.resolve(".highwatermark")).trim()).isEqualTo(String.valueOf(b.id()));
        assertThat(tasks.resolve(".lock.lock")).doesNotExist();
        assertThat(TaskSync.export(db, tasks).unchanged()).isEqualTo(2);
    }

    @Test
    void importAppliesWhatChangedOnTheTaskSideAndAuditsIt() {
        Feature a = store.create(new NewFeature("auth", "Login", "Email form", List.of("open /login")));
        Feature b = store.create(new NewFeature("auth", "Logout", "Button", List.of("click")));
        TaskSync.export(db, tasks);
        Path fa = tasks.resolve(a.id() + ".json");
        write(fa, text(fa).replace("\"status\": \"pending\"", "\"status\": \"completed\"").replace("\"subject\": \"Login\"", "\"subject\": \"Sign in\""));
        Path fb = tasks.resolve(b.id() + ".json");
        write(fb, text(fb).replace("\"blockedBy\": []", "\"blockedBy\": [\"" + a.id() + "\"]"));
        TaskSync.ImportResult r = TaskSync.importChanges(db, tasks, "claude");
        assertThat(r.errors()).isEmpty();
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.applied()).hasSize(3);
        Feature after = store.getById(a.id()).orElseThrow();
        assertThat(after.passes()).isTrue();
        assertThat(after.name()).isEqualTo("Sign in");
        assertThat(store.getById(b.id()).orElseThrow().dependencies()).containsExactly(a.id());
        assertThat(db.events().forFeature(a.id())).filteredOn(e -> e.source().equals("tasks")).extracting(ChangeEvent::agent).containsOnly("claude").hasSize(2);
        // nothing changed since: a second import applies nothing
        TaskSync.export(db, tasks);
        assertThat(TaskSync.importChanges(db, tasks).applied()).isEmpty();
    }

    @Test
    void aFieldChangedOnBothSidesIsReportedNotOverwritten() {
        Feature a = store.create(new NewFeature("auth", "Login", "Email form", List.of("open /login")));
        TaskSync.export(db, tasks);
        store.update(a.id(), FeatureUpdate.empty().withName("Login (db)"));
        Path fa = tasks.resolve(a.id() + ".json");
        write(fa, text(fa).replace("\"subject\": \"Login\"", "\"subject\": \"Login (task)\"").replace("\"status\": \"pending\"", "\"status\": \"in_progress\""));
        TaskSync.ImportResult r = TaskSync.importChanges(db, tasks);
        assertThat(r.conflicts()).singleElement().asString().contains("name changed on both sides", "Login (db)", "Login (task)");
        Feature after = store.getById(a.id()).orElseThrow();
        assertThat(after.name()).isEqualTo("Login (db)");
        assertThat(after.inProgress()).isTrue();
    }

    @Test
    void handWrittenTasksOfClaudeCodeBecomeFeaturesAndKeepTheirUnknownFields() {
        Feature a = store.create(new NewFeature("auth", "Login", "Email form", List.of("open /login")));
        TaskSync.export(db, tasks);
        write(tasks.resolve("10.json"), """
                {
                  "id": "10",
                  "subject": "Write the README",
                  "description": "Document the setup",
                  "activeForm": "Writing the README",
                  "status": "in_progress",
                  "owner": "researcher",
                  "blocks": [],
                  "blockedBy": ["%d", "not-a-task"],
                  "futureField": {"kept": true},
                  "metadata": {"category": "docs", "note": "mine"}
                }
                """.formatted(a.id()));
        TaskSync.ImportResult r = TaskSync.importChanges(db, tasks);
        assertThat(r.errors()).isEmpty();
        assertThat(r.created()).hasSize(1);
        Feature created = store.getById(r.created().get(0)).orElseThrow();
        assertThat(created.name()).isEqualTo("Write the README");
        assertThat(created.category()).isEqualTo("docs");
        assertThat(created.dependencies()).containsExactly(a.id());
        assertThat(created.inProgress()).isTrue();
        assertThat(created.claimedBy()).isEqualTo("researcher");
        assertThat(db.events().forFeature(created.id())).extracting(ChangeEvent::eventType).contains("created", "synced_from_task", "claimed");
        String rewritten = text(tasks.resolve("10.json"));
        assertThat(rewritten).contains("\"futureField\"", "\"note\": \"mine\"", "\"featureId\": " + created.id());
        // the next import maps the task to its feature instead of creating another
        assertThat(TaskSync.importChanges(db, tasks).created()).isEmpty();
        // unknown fields also survive an export over the file
        TaskSync.export(db, tasks);
        assertThat(text(tasks.resolve("10.json"))).contains("\"futureField\"", "\"note\": \"mine\"");
    }

    @Test
    void badTaskFilesAreReportedOneByOneAndChangeNothing() {
        Feature a = store.create(new NewFeature("auth", "A", "d", List.of("s")));
        Feature b = store.create(new NewFeature("auth", "B", "d", List.of("s")).dependsOn(DependencyRef.id(a.id())));
        Feature c = store.create(new NewFeature("auth", "C", "d", List.of("s")));
        TaskSync.export(db, tasks);
        write(tasks.resolve("77.json"), "{ not json");
        write(tasks.resolve("78.json"), "{\"id\": \"78\", \"subject\": \"x\", \"status\": \"blocked\"}");
        Path fa = tasks.resolve(a.id() + ".json");
        write(fa, text(fa).replace("\"blockedBy\": []", "\"blockedBy\": [\"" + b.id() + "\"]").replace("\"subject\": \"A\"", "\"subject\": \"A2\""));
        Path fc = tasks.resolve(c.id() + ".json");
        write(fc, text(fc).replace("\"status\": \"pending\"", "\"status\": \"completed\""));
        List<Feature> before = store.getAll();
        TaskSync.ImportResult r = TaskSync.importChanges(db, tasks);
        assertThat(r.errors()).containsOnlyKeys("77.json", "78.json", a.id() + ".json");
        assertThat(r.errors().get("77.json")).contains("invalid JSON");
        assertThat(r.errors().get("78.json")).contains("unknown status 'blocked'");
        assertThat(r.errors().get(a.id() + ".json")).contains("circular dependency");
        Feature aAfter = store.getById(a.id()).orElseThrow();
        assertThat(aAfter).isEqualTo(before.get(0));   // the whole file failed: not even the name changed
        assertThat(store.getById(c.id()).orElseThrow().passes()).isTrue();
    }

    @Test
    void aDeletedTaskFileKeepsItsFeatureAndIsLogged() throws Exception {
        Feature a = store.create(new NewFeature("auth", "A", "d", List.of("s")));
        TaskSync.export(db, tasks);
        Files.delete(tasks.resolve(a.id() + ".json"));
        TaskSync.ImportResult r = TaskSync.importChanges(db, tasks);
        assertThat(r.applied()).singleElement().asString().contains("task file was deleted");
        assertThat(store.getById(a.id())).isPresent();
        assertThat(db.events().forFeature(a.id())).extracting(ChangeEvent::eventType).contains("task_deleted");
        assertThat(TaskSync.importChanges(db, tasks).applied()).as("logged once").isEmpty();
        TaskSync.export(db, tasks);
        assertThat(tasks.resolve(a.id() + ".json")).exists();
    }
}
