package dev.flowdb.cli;

import dev.flowdb.internal.wire.JsonValues;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.NewFeature;
import dev.flowdb.schema.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command, run in-process against a temporary database: output and exit codes. */
@SuppressWarnings("unchecked")
class CliTest {

    @TempDir
    Path dir;

    Path db;

    record Run(int code, String out, String err) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return (Map<String, Object>) parse(out);
        }

        List<?> jsonList() {
            return (List<?>) parse(out);
        }
    }

    /** JSON with every integer as a {@code Long}, so expectations can say {@code 1200L} whatever its size. */
    static Object parse(String text) {
        return longs(JsonValues.parse(text));
    }

    private static Object longs(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CliTest::longs).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, longs(v)));
            return out;
        }
        return value;
    }

    @BeforeEach
    void database() {
        db = dir.resolve("project/.autoforge/features.db");
    }

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--db") && !all.contains("--help") && !all.contains("--version")) {
            all.add("--db");
            all.add(db.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FlowDbCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString().trim(), err.toString().trim());
    }

    long add(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("add", "--json", "--category", "core", "--name", name, "--description", "build " + name, "--step", "check"));
        args.addAll(List.of(extra));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return ((Number) r.json().get("id")).longValue();
    }

    @Test
    void demoWalksThroughReadyClaimAndPass() {
        Run r = run("demo");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Added 5 sample features", "claims #1 Project skeleton", "#1 passes", "Progress: 2/5 passing (40.0%)");
        assertThat(run("demo").out()).contains("Added 0 sample features (5 were there already)");
    }

    @Test
    void addListShowAndReadyPrintTablesAndJson() {
        long a = add("Login");
        long b = add("Logout", "--depends-on", String.valueOf(a));
        Run list = run("list");
        assertThat(list.out()).contains("ID", "NAME", "Login", "Logout").contains("2 of 2 features");
        assertThat(run("list", "--json").jsonList()).hasSize(2);
        assertThat(run("list", "--status", "blocked", "--json").jsonList()).singleElement()
                .satisfies(f -> assertThat(((Map<?, ?>) f).get("id")).isEqualTo(b));
        assertThat(run("list", "--status", "nonsense").code()).isEqualTo(2);
        Map<String, Object> show = run("show", String.valueOf(b), "--json").json();
        assertThat(show).containsEntry("status", "blocked").containsEntry("dependencies", List.of(a));
        assertThat(show.keySet()).startsWith("id", "priority", "category", "name", "description", "steps", "passes", "in_progress", "dependencies");
        assertThat(run("show", String.valueOf(a)).out()).contains("#1 Login", "dependents:", "#2 Logout", "history:", "created");
        Map<String, Object> ready = run("ready", "--json").json();
        assertThat(ready).containsEntry("count", 1L).containsEntry("total_ready", 1L);
        Map<String, Object> blocked = run("blocked", "--json").json();
        assertThat(blocked).containsEntry("total_blocked", 1L);
        assertThat((List<?>) blocked.get("features")).singleElement()
                .satisfies(f -> assertThat(((Map<?, ?>) f).get("blocked_by")).isEqualTo(List.of(a)));
        assertThat(run("blocked").out()).contains("BLOCKED BY", "Logout");
    }

    @Test
    void claimIsIdempotentAndStateChangesAreRefusedWithExitCodeOne() {
        long a = add("Login");
        Run first = run("claim", String.valueOf(a), "--json", "--actor", "coder-7", "--source", "mcp");
        assertThat(first.json()).containsEntry("already_claimed", false).containsEntry("claimed_by", "coder-7");
        assertThat(run("claim", String.valueOf(a), "--json").json()).containsEntry("already_claimed", true);
        assertThat(run("pass", String.valueOf(a)).code()).isZero();
        Run again = run("pass", String.valueOf(a));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("flow-db: Feature with ID " + a + " is already passing");
        Run json = run("pass", String.valueOf(a), "--json");
        assertThat(json.json()).containsEntry("error", "Feature with ID " + a + " is already passing");
        assertThat(run("claim", "99").code()).isEqualTo(1);
        assertThat(run("show", "99").err()).isEqualTo("flow-db: Feature with ID 99 not found");
        assertThat(run("fail", String.valueOf(a)).out()).contains("marked as failing - regression detected");
        List<Object> history = (List<Object>) run("show", String.valueOf(a), "--json").json().get("history");
        assertThat(history.stream().map(e -> (Object) ((Map<?, ?>) e).get("agent")).toList()).contains("coder-7");
        assertThat(history.stream().map(e -> (Object) ((Map<?, ?>) e).get("source")).toList()).contains("mcp");
    }

    @Test
    void nextClaimsTheBestReadyFeatureAndSaysWhyWhenNothingIsLeft() {
        long a = add("Login");
        Run next = run("next", "--json", "--actor", "coder-1");
        assertThat(next.json()).containsEntry("id", a).containsEntry("in_progress", true);
        Run none = run("next", "--json");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.json()).containsEntry("reason", "nothing is ready").containsEntry("complete", false);
        run("pass", String.valueOf(a));
        assertThat(run("next").out()).contains("all 1 features pass");
    }

    @Test
    void progressSkipEditDeleteAndReleaseStale() {
        long a = add("Login");
        long b = add("Logout", "--depends-on", "1");
        assertThat(run("progress", "--set", String.valueOf(a), "--json").json()).containsEntry("in_progress", true);
        assertThat(run("progress", "--set", String.valueOf(a)).code()).isEqualTo(1);
        assertThat(run("progress", String.valueOf(a)).code()).isEqualTo(2);
        assertThat(run("progress", "--clear", String.valueOf(a), "--json").json()).containsEntry("in_progress", false);
        Map<String, Object> skip = run("skip", String.valueOf(a), "--json").json();
        assertThat(skip).containsEntry("old_priority", 1L).containsEntry("new_priority", 3L)
                .containsEntry("message", "Feature 'Login' moved to end of queue");
        assertThat(run("edit", String.valueOf(a), "--name", "Sign in", "--json").json()).containsEntry("name", "Sign in");
        assertThat(run("edit", String.valueOf(a)).code()).isEqualTo(2);
        assertThat(run("edit", String.valueOf(a), "--name", "").code()).isEqualTo(2);
        run("claim", String.valueOf(b));
        assertThat(run("release-stale", "--older-than", "0s", "--json").jsonList()).hasSize(1);
        assertThat(run("release-stale", "--older-than", "soon").code()).isEqualTo(2);
        assertThat(run("delete", String.valueOf(a), "--json").json()).containsEntry("affected_features", List.of(b));
        assertThat(run("delete", String.valueOf(a)).code()).isEqualTo(1);
    }

    @Test
    void depsAddRemoveSetWithTheOriginalsChecks() {
        long a = add("A");
        long b = add("B");
        long c = add("C");
        assertThat(run("deps", "add", String.valueOf(b), String.valueOf(a), "--json").json()).containsEntry("dependencies", List.of(a));
        Run cycle = run("deps", "add", String.valueOf(a), String.valueOf(b));
        assertThat(cycle.code()).isEqualTo(1);
        assertThat(cycle.err()).isEqualTo("flow-db: Cannot add: would create circular dependency");
        assertThat(run("deps", "set", String.valueOf(c), String.valueOf(b), String.valueOf(a), "--json").json())
                .containsEntry("dependencies", List.of(a, b));
        assertThat(run("deps", "rm", String.valueOf(c), String.valueOf(a)).out()).isEqualTo("Feature " + c + " depends on: " + b);
        assertThat(run("deps", "set", String.valueOf(c)).out()).isEqualTo("Feature " + c + " depends on: -");
        assertThat(run("deps").code()).isEqualTo(2);
    }

    @Test
    void graphAsTreeDotMermaidAndJson() {
        long a = add("A");
        long b = add("B", "--depends-on", String.valueOf(a));
        assertThat(run("graph").out()).isEqualTo("#" + a + " A [pending]\n  └─ #" + b + " B [blocked]");
        assertThat(run("graph", "--format", "dot").out()).startsWith("digraph features {").contains("f" + a + " -> f" + b + ";");
        assertThat(run("graph", "--format", "mermaid").out()).startsWith("graph TD").contains("f" + a + " --> f" + b);
        Map<String, Object> json = run("graph", "--json").json();
        assertThat((List<Object>) json.get("edges")).containsExactly(Map.of("source", a, "target", b));
        assertThat(run("graph", "--format", "svg").code()).isEqualTo(2);
    }

    @Test
    void statsWithABarAndPythonRounding() {
        for (int i = 0; i < 16; i++) {
            add("f" + i);
        }
        run("pass", "1");
        assertThat(run("stats", "--json").json()).containsEntry("passing", 1L).containsEntry("total", 16L).containsEntry("percentage", 6.2);
        assertThat(run("stats").out()).startsWith("[##").contains("6.2%", "1/16 passing");
    }

    @Test
    void eventsOfAFeatureTheTailAndAFollowThatSeesAnotherWriter() throws Exception {
        long a = add("A");
        run("claim", String.valueOf(a), "--actor", "coder-2");
        assertThat(run("events", String.valueOf(a)).out()).contains("created", "claimed", "coder-2/cli");
        assertThat(run("events", "--json", "--limit", "1").out().lines()).hasSize(1);
        List<?> tail = (List<?>) parse("[" + String.join(",", run("events", "--json", "--limit", "1").out().lines().toList()) + "]");
        String cursor = String.valueOf(((Map<?, ?>) tail.get(0)).get("id"));
        assertThat(run("events", "--since", "0", "--json").out().lines()).hasSize(2);
        CompletableFuture<Run> follow = CompletableFuture.supplyAsync(() -> run("events", "--follow", "--json", "--poll", "20", "--max", "2", "--since", cursor));
        try (Database other = Database.builder(db).defaultActor(Actor.of("other", "web")).open()) {
            other.features().markPassing(a);
            other.features().create(new NewFeature("x", "B", "d", List.of("s")));
        }
        Run followed = follow.get(30, TimeUnit.SECONDS);
        assertThat(followed.code()).isZero();
        List<String> lines = followed.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"event_type\":\"status_change\"", "\"agent\":\"other\"");
        assertThat(lines.get(1)).contains("\"event_type\":\"created\"");
    }

    @Test
    void humanRequestAndAnswer() {
        long a = add("A");
        assertThat(run("human", "request", String.valueOf(a), "--prompt", "Which?", "--field", "p:Provider").code()).isEqualTo(1);
        run("claim", String.valueOf(a));
        Run request = run("human", "request", String.valueOf(a), "--prompt", "Which?", "--field", "p:Provider:select:github,gitlab",
                "--field", "note:Note:textarea:optional", "--json");
        assertThat(request.json()).containsEntry("needs_human_input", true);
        assertThat(run("human", "answer", String.valueOf(a), "note=x").code()).isEqualTo(2);
        assertThat(run("human", "answer", String.valueOf(a), "p=github", "--json").json()).containsEntry("needs_human_input", false);
        assertThat(run("human", "request", String.valueOf(a), "--prompt", "x", "--field", "bad").code()).isEqualTo(2);
    }

    @Test
    void humanRequestTakesTheFieldsAsJsonAndStoresThemVerbatim() throws Exception {
        long a = add("A");
        run("claim", String.valueOf(a));
        String fields = "[{\"id\": \"db\", \"label\": \"Database\", \"type\": \"select\", \"placeholder\": \"pick\", "
                + "\"options\": [{\"value\": \"pg\", \"label\": \"PostgreSQL\", \"hint\": \"fleets\"}]}]";
        Run bad = run("human", "request", String.valueOf(a), "--prompt", "Which?", "--fields", "[{\"id\": \"db\", \"label\": \"D\", \"type\": \"radio\"}]");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("Field at index 0 has invalid type 'radio'. Must be one of: boolean, select, text, textarea");
        Run broken = run("human", "request", String.valueOf(a), "--prompt", "Which?", "--fields", "[{\"id\": \"db\",\n \"label\" 1}]");
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("--fields: malformed JSON at line 2, column");
        Path file = dir.resolve("fields.json");
        Files.writeString(file, fields);
        assertThat(run("human", "request", String.valueOf(a), "--prompt", "Which?", "--fields-file", file.toString()).code()).isZero();
        try (Database database = Database.open(db)) {
            assertThat(database.features().getById(a).orElseThrow().humanInputRequest()).isEqualTo("{\"prompt\": \"Which?\", \"fields\": " + fields + "}");
        }
        Run missing = run("human", "answer", String.valueOf(a), "other=x");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Required field 'Database' is missing");
    }

    Run runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FlowDbCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString().trim(), err.toString().trim());
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        long a = add("A");
        Run before = runRaw("--db", db.toString(), "--json", "--actor", "coder-7", "--source", "script", "claim", String.valueOf(a));
        assertThat(before.code()).as(before.err()).isZero();
        assertThat(before.json()).containsEntry("claimed_by", "coder-7");
        Run after = runRaw("show", String.valueOf(a), "--db", db.toString(), "--json");
        assertThat(after.json()).containsEntry("claimed_by", "coder-7");
        Run mixed = runRaw("--db", db.toString(), "stats", "--json");
        assertThat(mixed.json()).containsEntry("in_progress", 1L);
        try (Database database = Database.open(db)) {
            assertThat(database.events().forFeature(a)).last().satisfies(e -> {
                assertThat(e.agent()).isEqualTo("coder-7");
                assertThat(e.source()).isEqualTo("script");
            });
        }
        Run nested = runRaw("--db", db.toString(), "--json", "deps", "add", String.valueOf(add("B")), String.valueOf(a));
        assertThat(nested.code()).as(nested.err()).isZero();
        assertThat(runRaw("--db", db.toString(), "--verbose", "pass", "999").err()).contains("FeatureNotFoundException");
    }

    @Test
    void readCommandsOnAPathWithoutADatabaseCreateNothing() {
        Path missing = dir.resolve("typo/dir/f.db");
        for (String command : List.of("list", "show", "ready", "blocked", "stats", "graph", "events", "export")) {
            List<String> args = new ArrayList<>(List.of(command, "--db", missing.toString()));
            if (command.equals("show")) {
                args.add("1");
            }
            Run r = runRaw(args.toArray(String[]::new));
            assertThat(r.code()).as(command).isEqualTo(3);
            assertThat(r.err()).as(command).isEqualTo("flow-db: no database at " + missing + "; create one with flow-db init");
        }
        assertThat(dir.resolve("typo")).doesNotExist();
        assertThat(runRaw("init", "--db", missing.toString()).code()).isZero();
        assertThat(runRaw("stats", "--db", missing.toString()).code()).isZero();
    }

    @Test
    void aBrokenImportSaysWhereAndWritesNothing() throws Exception {
        add("A");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[\n  {\"category\": \"c\", \"name\": \"n\",\n   \"description\": \"d\" \"steps\": [\"s\"]}\n]");
        Run r = run("import", broken.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("flow-db: " + broken + ": malformed JSON at line 3, column").contains("was expecting comma");
        Files.writeString(broken, "{\"features\": [007]}");
        assertThat(run("import", broken.toString()).err()).contains("line 1, column");
        assertThat(run("add", "--file", broken.toString()).code()).isEqualTo(2);
        assertThat(run("stats", "--json").json()).containsEntry("total", 1L);
    }

    @Test
    void versionNamesTheBuildTheSchemaAndSqlite() {
        Run v = runRaw("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out().lines()).hasSize(3).element(1).isEqualTo("schema version " + Database.SCHEMA_VERSION);
        assertThat(v.out()).containsPattern("SQLite 3\\.\\d+");
    }

    @Test
    void humanAnswerTakesJsonAnswers() {
        long a = add("A");
        run("claim", String.valueOf(a));
        run("human", "request", String.valueOf(a), "--prompt", "?", "--fields", "[{\"id\": \"ok\", \"label\": \"OK?\", \"type\": \"boolean\"}]");
        Run answered = run("human", "answer", String.valueOf(a), "--answers", "{\"ok\": false}", "--json");
        assertThat(answered.code()).as(answered.err()).isZero();
        assertThat(answered.json().get("human_input_response")).asString().contains("ok=false");
        assertThat(run("human", "answer", String.valueOf(a), "--answers", "{bad").code()).isEqualTo(2);
    }

    @Test
    void renewKeepsAClaimAndReleaseAgentFreesAnAgentsClaims() {
        long a = add("A");
        long b = add("B");
        run("claim", String.valueOf(a), "--actor", "coder-1");
        run("claim", String.valueOf(b), "--actor", "coder-2");
        Run renewed = run("renew", String.valueOf(a), "--actor", "coder-1", "--json");
        assertThat(renewed.code()).as(renewed.err()).isZero();
        assertThat(renewed.json().get("claim_renewed_at")).isNotNull();
        Run refused = run("renew", String.valueOf(b), "--actor", "coder-1");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("Feature with ID " + b + " is claimed by coder-2, not coder-1");
        Run released = run("release-agent", "coder-2", "--actor", "orchestrator", "--json");
        assertThat(released.code()).isZero();
        assertThat(released.jsonList()).hasSize(1);
        assertThat(run("show", String.valueOf(b), "--json").json()).containsEntry("in_progress", false).containsEntry("claimed_by", null);
        assertThat(run("show", String.valueOf(a), "--json").json()).containsEntry("claimed_by", "coder-1");
        assertThat(run("release-agent", "coder-2").out()).contains("Released 0 claims of coder-2.");
    }

    @Test
    void importsTheAutocodersFeatureListAndExportsItBack() throws Exception {
        Path list = Files.writeString(dir.resolve("feature_list.json"), """
                [{"category": "setup", "description": "Skeleton", "steps": ["run it"], "passes": true},
                 {"id": 2, "category": "auth", "description": "Login", "steps": ["open /login"], "dependencies": [1]},
                 {"description": "Caf\\u00e9 menu", "steps": ["open /menu"], "passes": false, "dependencies": [1, 2]}]""");
        Map<String, Object> result = run("import", list.toString(), "--json").json();
        assertThat(result).containsEntry("created", 3L).containsEntry("with_dependencies", 2L).containsEntry("passing", 1L);
        List<?> exported = (List<?>) parse(run("export").out());
        assertThat(exported).hasSize(3);
        Map<?, ?> third = (Map<?, ?>) exported.get(2);
        assertThat(third.get("name")).isEqualTo("Feature 3");
        assertThat(third.get("category")).isEqualTo("uncategorized");
        assertThat(third.get("description")).isEqualTo("Café menu");
        assertThat(third.get("dependencies")).isEqualTo(List.of(1L, 2L));
        Path out = dir.resolve("export.json");
        assertThat(run("export", "-o", out.toString()).code()).isZero();
        Path other = dir.resolve("other.db");
        assertThat(run("import", out.toString(), "--db", other.toString()).code()).isZero();
        assertThat(run("export", "--db", other.toString()).out()).isEqualTo(run("export").out());
    }

    @Test
    void importsBulkJsonAllOrNothingWithAProgressBar() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 1200; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"category\":\"c\",\"name\":\"f").append(i).append("\",\"description\":\"d\",\"steps\":[\"s\"]")
                    .append(i > 0 ? ",\"depends_on_indices\":[" + (i - 1) + "]" : "").append('}');
        }
        Path bulk = Files.writeString(dir.resolve("bulk.json"), sb.append(']').toString());
        Run r = run("import", bulk.toString(), "--progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("importing [", "1200/1200");
        try (Database d = Database.open(db)) {
            List<Feature> all = d.features().getAll();
            assertThat(all).hasSize(1200);
            assertThat(all.get(1199).dependencies()).containsExactly(all.get(1198).id());
        }
        Path bad = Files.writeString(dir.resolve("bad.json"), sb.toString().replace("\"name\":\"f1100\"", "\"name\":\"\""));
        Run failed = run("import", bad.toString());
        assertThat(failed.code()).isEqualTo(2);
        assertThat(failed.err()).contains("features[1100].name must not be blank");
        assertThat(run("stats", "--json").json()).containsEntry("total", 1200L);
        Files.writeString(dir.resolve("broken.json"), "[{");
        assertThat(run("import", dir.resolve("broken.json").toString()).err())
                .isEqualTo("flow-db: " + dir.resolve("broken.json") + ": malformed JSON at line 1, column 3: Unexpected end-of-input: "
                        + "expected close marker for Object (start marker at line 1, column 2)");
    }

    @Test
    void badUsageAndDatabaseProblemsHaveTheirExitCodesAndOneLine() throws Exception {
        assertThat(run("bogus").code()).isEqualTo(2);
        assertThat(run("claim", "not-a-number").code()).isEqualTo(2);
        Path junk = Files.writeString(dir.resolve("junk.db"), "not a database".repeat(100));
        Run corrupt = run("list", "--db", junk.toString());
        assertThat(corrupt.code()).isEqualTo(3);
        assertThat(corrupt.err().lines()).hasSize(1).first().asString().startsWith("flow-db: open").contains("SQLITE_NOTADB");
        Run verbose = run("list", "--db", junk.toString(), "--verbose");
        assertThat(verbose.err()).contains("CorruptDatabaseException").contains("\tat ");
        assertThat(run("migrate", "--db", dir.resolve("none.db").toString()).code()).isEqualTo(2);
        assertThat(run("--help").out()).contains("Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 database problem.");
        assertThat(run("ready", "--help").out()).contains("--limit", "--json", "--actor", "--db");
        assertThat(run("mcp", "--help").out()).contains("--project", "--agent", "claude mcp add");
    }

    @Test
    void tasksExportAndImportThroughAFolder() throws Exception {
        long a = add("Login");
        Path list = dir.resolve("tasks/flow-x");
        assertThat(run("tasks", "export", "--dir", list.toString(), "--json").json()).containsEntry("written", 1L).containsEntry("high_watermark", a);
        Path file = list.resolve(a + ".json");
        Files.writeString(file, Files.readString(file).replace("\"status\": \"pending\"", "\"status\": \"completed\""));
        Run imported = run("tasks", "import", "--dir", list.toString());
        assertThat(imported.code()).isZero();
        assertThat(imported.out()).contains("status pending → completed", "1 applied, 0 conflicts, 0 files failed");
        assertThat(run("show", String.valueOf(a), "--json").json()).containsEntry("passes", true);
        Files.writeString(list.resolve("9.json"), "{broken");
        assertThat(run("tasks", "import", "--dir", list.toString()).code()).isEqualTo(1);
        assertThat(run("tasks").code()).isEqualTo(2);
    }

    @Test
    void initAndMigrateDescribeTheFile() {
        Map<String, Object> init = run("init", "--json").json();
        assertThat(init).containsEntry("created", true).containsEntry("schema_version", "1").containsEntry("journal_mode", "wal");
        assertThat(run("init", "--json").json()).containsEntry("created", false);
        assertThat(run("migrate").out()).contains("is up to date: schema version 1");
    }
}
