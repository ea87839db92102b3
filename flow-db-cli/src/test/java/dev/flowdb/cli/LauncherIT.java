package dev.flowdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./flow-db} launcher at the repository root, run as a real process the way the README says. */
class LauncherIT {

    @TempDir
    Path project;

    record Result(int code, String out, String err) {
    }

    static Path launcher() {
        return Path.of(System.getProperty("user.dir")).getParent().resolve("flow-db");
    }

    static Result launch(Path workingDir, String... args) throws IOException, InterruptedException {
        return launch(workingDir, java.util.Map.of(), args);
    }

    static Result launch(Path workingDir, java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theReadmeCommandsRunTheDemoOnTheDefaultDatabaseOfTheCurrentFolder() throws Exception {
        Result demo = launch(project, "demo");
        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("flow-db demo on " + project.resolve(".autoforge/features.db"), "#1 passes");
        assertThat(demo.err()).doesNotContain("WARNING").doesNotContain("jOOQ");
        assertThat(project.resolve(".autoforge/features.db")).isRegularFile();
        Result stats = launch(project, "stats", "--json");
        assertThat(stats.out()).contains("\"passing\":2", "\"total\":5");
        Result refused = launch(project, "pass", "1");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().lines().filter(l -> !l.startsWith("flow-db: building")).toList())
                .containsExactly("flow-db: Feature with ID 1 is already passing");
    }

    /** A 10 000-feature file, up to date, as the start-up figures use. */
    static Path tenThousand(Path dir) {
        Path file = dir.resolve("features.db");
        List<dev.flowdb.NewFeature> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            dev.flowdb.NewFeature f = new dev.flowdb.NewFeature("c" + i % 20, "feature " + i, "d", List.of("s"));
            batch.add(i % 3 != 0 ? f.dependsOn(dev.flowdb.DependencyRef.index(i - 1)) : f);
        }
        try (dev.flowdb.Database db = dev.flowdb.Database.open(file)) {
            db.features().createBulk(batch);
        }
        return file;
    }

    /**
     * The commands agents call most, as real processes through the launcher, on a 10 000-feature
     * file: their wall times go into the test report (no timing is asserted; BENCHMARKS.md has the
     * figures measured with several runs). The first run makes the class-data archive; later runs
     * use it; a damaged archive or FLOW_DB_CDS=0 never breaks a run.
     */
    @Test
    void theStartUpOfTheHotCommandsIsRecordedAndTheArchiveNeverBreaksARun() throws Exception {
        Path db = tenThousand(project);
        String file = db.toString();
        List<List<String>> commands = List.of(List.of("stats", "--db", file), List.of("ready", "--json", "--db", file),
                List.of("--db", file, "next", "--json", "--actor", "coder-1"));
        StringBuilder report = new StringBuilder("launcher wall times (s), 10 000 features:\n");
        for (List<String> command : commands) {
            List<String> times = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                Result r = launch(project, command.toArray(String[]::new));
                times.add(String.format("%.3f", (System.nanoTime() - start) / 1e9));
                assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isZero();
                assertThat(r.err()).as("nothing on standard error").isEmpty();
            }
            report.append("  flow-db ").append(String.join(" ", command).replace(file, "F")).append(": ").append(times).append('\n');
        }
        report.append("  flow-db mcp (initialize, then feature_get_by_id): ").append(mcpSession(file)).append('\n');
        System.out.print(report);

        Path target = Path.of(System.getProperty("user.dir"), "target");
        List<Path> archives;
        try (var files = java.nio.file.Files.list(target)) {
            archives = files.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
        }
        assertThat(archives).as("the first runs made the class-data archives").isNotEmpty();
        for (Path archive : archives) {
            java.nio.file.Files.writeString(archive, "not an archive");
        }
        Result damaged = launch(project, "stats", "--json", "--db", file);
        assertThat(damaged.code()).isZero();
        assertThat(damaged.out()).contains("\"total\":10000");
        assertThat(damaged.err()).isEmpty();
        Result off = launch(project, java.util.Map.of("FLOW_DB_CDS", "0"), "stats", "--json", "--db", file);
        assertThat(off.out()).contains("\"total\":10000");
        for (Path archive : archives) {
            java.nio.file.Files.deleteIfExists(archive);
        }
    }

    /**
     * The commands {@link FlowDbCli#WITHOUT_JOOQ} names run on an up-to-date file without ever
     * making a jOOQ context or initialising its type registry (what made them slow to start), as
     * the JVM's own class-load log of each real process shows; {@code events}, which is not in the
     * list, does load them, so the check sees what it looks for.
     */
    @Test
    void theCommandsOfKeptStatementsNeverInitialiseJooq() throws Exception {
        Path db = project.resolve("features.db");
        try (dev.flowdb.Database d = dev.flowdb.Database.open(db)) {
            var features = d.features();
            dev.flowdb.Feature a = features.create(new dev.flowdb.NewFeature("c", "a", "d", List.of("s")));
            dev.flowdb.Feature b = features.create(new dev.flowdb.NewFeature("c", "b", "d", List.of("s")).dependsOn(dev.flowdb.DependencyRef.id(a.id())));
            features.create(new dev.flowdb.NewFeature("c", "c", "d", List.of("s")).dependsOn(dev.flowdb.DependencyRef.id(b.id())));
            features.markPassing(a.id());
        }
        java.util.regex.Pattern jooqCore = java.util.regex.Pattern.compile(" org\\.jooq\\.impl\\.(DefaultDSLContext|SQLDataType) ");
        List<String> runs = new ArrayList<>(new java.util.TreeSet<>(FlowDbCli.WITHOUT_JOOQ));
        runs.add("events");
        for (String command : runs) {
            List<String> args = new ArrayList<>(switch (command) {
                case "show" -> List.of("show", "2");
                case "next" -> List.of("next", "--json", "--actor", "coder-1");
                default -> List.of(command);
            });
            args.addAll(List.of("--db", db.toString()));
            Path log = project.resolve("classes-" + command + ".txt");
            Result r = launch(project, java.util.Map.of("FLOW_DB_JAVA_OPTS", "-Xlog:class+load:file=" + log), args.toArray(String[]::new));
            assertThat(r.code()).as(command + ": " + r.err()).isZero();
            long loaded = java.nio.file.Files.readAllLines(log).stream().filter(l -> jooqCore.matcher(l).find()).count();
            if (command.equals("events")) {
                assertThat(loaded).as("events runs jOOQ's DSL: the log shows it").isEqualTo(2);
            } else {
                assertThat(loaded).as(command + " made a jOOQ context or initialised its types").isZero();
            }
        }
    }

    /** Seconds to the answer of initialize and of one tool call, over the launcher's stdio. */
    static String mcpSession(String file) throws Exception {
        Process p = new ProcessBuilder(launcher().toString(), "mcp", "--db", file).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long start = System.nanoTime();
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var out = p.getOutputStream();
        out.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(in.readLine()).contains("\"id\":1,\"result\"");
        long initialized = System.nanoTime();
        out.write(("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"feature_get_by_id\",\"arguments\":{\"feature_id\":7}}}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(in.readLine()).contains("\"id\":2", "feature 6");
        long answered = System.nanoTime();
        out.close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return String.format("initialize %.3f s, tool call %.3f s", (initialized - start) / 1e9, (answered - initialized) / 1e9);
    }
}
