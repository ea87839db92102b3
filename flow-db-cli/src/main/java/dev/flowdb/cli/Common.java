package dev.flowdb.cli;

import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.ProjectLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every command takes: which database, who acts, how to print. */
final class Common {

    @Option(names = "--db", paramLabel = "PATH", description = "The database file (default: the project's features.db in the current folder).")
    Path db;

    @Option(names = "--json", description = "Print JSON for machines instead of tables for people.")
    boolean json;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who acts, recorded in the audit log (default: $FLOW_DB_ACTOR, else $USER, else 'cli').")
    String actor;

    @Option(names = "--source", paramLabel = "NAME", description = "The entry point recorded in the audit log (default: $FLOW_DB_SOURCE, else 'cli').")
    String source;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    static Common of(CommandLine commandLine) {
        for (CommandLine c = commandLine; c != null; c = c.getParent()) {
            Object mixin = c.getMixins().get("common");
            if (mixin instanceof Common common) {
                return common;
            }
        }
        return null;
    }

    Path path() {
        return db != null ? db : ProjectLayout.locate(Path.of("").toAbsolutePath());
    }

    Database open() {
        return Database.builder(path()).defaultActor(actor()).open();
    }

    Actor actor() {
        Map<String, String> env = System.getenv();
        String agent = actor != null ? actor : env.getOrDefault("FLOW_DB_ACTOR", env.getOrDefault("USER", "cli"));
        String via = source != null ? source : env.getOrDefault("FLOW_DB_SOURCE", "cli");
        return Actor.of(agent, via);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
