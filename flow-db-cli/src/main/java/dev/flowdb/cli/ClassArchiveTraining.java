package dev.flowdb.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code cds-training} (hidden): runs the everyday commands once, in this JVM, on a throw-away
 * backlog, so that a JVM started with {@code -XX:ArchiveClassesAtExit} records the classes they
 * load. The launcher runs it in the background when a build has no class-data archive yet: the
 * archive then covers every command, not just whichever ran first (an archive of
 * {@code --version} alone made {@code stats} slower than no archive at all: 1.8 s against 1.2 s).
 */
@Command(name = "cds-training", hidden = true, description = "Exercise the common commands once (for the launcher's class-data archive).")
final class ClassArchiveTraining implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("flow-db-cds-training");
        try {
            Path db = dir.resolve("features.db");
            Path bulk = dir.resolve("bulk.json");
            Files.writeString(bulk, "[{\"category\": \"c\", \"name\": \"a\", \"description\": \"d\", \"steps\": [\"s\"]},"
                    + " {\"category\": \"c\", \"name\": \"b\", \"description\": \"d\", \"steps\": [\"s\"], \"depends_on_indices\": [0]}]");
            String file = db.toString();
            List<List<String>> commands = List.of(
                    List.of("init", "--db", file), List.of("import", bulk.toString(), "--db", file),
                    List.of("add", "--category", "c", "--name", "x", "--description", "d", "--step", "s", "--db", file),
                    List.of("stats", "--db", file), List.of("stats", "--json", "--db", file),
                    List.of("ready", "--db", file), List.of("ready", "--json", "--db", file),
                    List.of("blocked", "--json", "--db", file), List.of("list", "--db", file), List.of("list", "--json", "--db", file),
                    List.of("show", "1", "--db", file), List.of("show", "1", "--json", "--db", file),
                    List.of("next", "--json", "--actor", "training", "--db", file), List.of("claim", "2", "--db", file),
                    List.of("renew", "1", "--actor", "training", "--db", file), List.of("pass", "1", "--db", file),
                    List.of("fail", "1", "--db", file), List.of("skip", "3", "--db", file), List.of("deps", "add", "3", "1", "--db", file),
                    List.of("graph", "--json", "--db", file), List.of("graph", "--db", file), List.of("events", "--db", file),
                    List.of("events", "1", "--json", "--db", file), List.of("export", "--db", file),
                    List.of("release-stale", "--older-than", "1h", "--db", file), List.of("show", "99", "--db", file),
                    List.of("--help"), List.of("--version"));
            for (List<String> command : commands) {
                FlowDbCli.run(command.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            }
            return FlowDbCli.OK;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
