package dev.flowdb.cli;

import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.ProjectLayout;
import dev.flowdb.SchemaVersionException;
import dev.flowdb.internal.engine.DatabaseTarget;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options every command takes: which database, who acts, how to print. They may stand before the
 * command as well as after it ({@code flow-db --db x.db stats} = {@code flow-db stats --db x.db}):
 * the top-level command carries the same mixin, and {@link #inheritFrom(Common)} fills what the
 * command's own copy leaves unset.
 */
final class Common {

    /** Commands that only read: on a path with no database they fail instead of creating one. */
    static final Set<String> READ_COMMANDS = Set.of("list", "show", "ready", "blocked", "stats", "graph", "events", "export");

    @Option(names = "--db", paramLabel = "PATH|URL",
            description = "The database: a features.db path, or postgresql://[user[:password]@]host[:port]/db[?schema=name] "
                    + "(default: $FLOW_DB_URL, else the project's features.db in the current folder).")
    String db;

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

    /** @return the database named by {@code --db}, else by $FLOW_DB_URL, else the project's file */
    DatabaseTarget target() {
        if (db != null) {
            return DatabaseTarget.parse(db);
        }
        String env = System.getenv(DatabaseTarget.ENV);
        if (env != null && !env.isBlank()) {
            return DatabaseTarget.parse(env);
        }
        return new DatabaseTarget(ProjectLayout.locate(Path.of("").toAbsolutePath()), null, null);
    }

    /** @return whether the target is a file that does not exist yet (a PostgreSQL target is never absent) */
    boolean isAbsentFile() {
        DatabaseTarget target = target();
        return !target.isPostgres() && !Files.exists(target.path());
    }

    Database open() {
        DatabaseTarget target = target();
        if (target.isPostgres()) {
            if (READ_COMMANDS.contains(spec.name())) {
                try {
                    return target.builder().defaultActor(actor()).readOnly(true).open();
                } catch (SchemaVersionException noTables) {
                    throw new FlowDbCli.NoDatabase("no flow-db backlog at " + target.describe() + "; create one with flow-db init");
                }
            }
            return target.builder().defaultActor(actor()).open();
        }
        Path path = target.path();
        if (READ_COMMANDS.contains(spec.name())) {
            if (!Files.exists(path)) {
                throw new FlowDbCli.NoDatabase("no database at " + path + "; create one with flow-db init");
            }
            try {
                // a read needs no writer pool and no repairs of other tools' rows
                return Database.builder(path).defaultActor(actor()).readOnly(true).open();
            } catch (SchemaVersionException notMigratedYet) {
                // a legacy or older file: the first open migrates it, as every command always did
            }
        }
        return Database.builder(path).defaultActor(actor()).open();
    }

    /** Takes the values given before the command for every option the command's own copy leaves unset. */
    void inheritFrom(Common top) {
        if (top == null || top == this) {
            return;
        }
        db = db != null ? db : top.db;
        actor = actor != null ? actor : top.actor;
        source = source != null ? source : top.source;
        json |= top.json;
        verbose |= top.verbose;
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
