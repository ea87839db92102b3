package dev.flowdb.cli;

import dev.flowdb.CorruptDatabaseException;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.DatabaseBusyException;
import dev.flowdb.FeatureNotFoundException;
import dev.flowdb.FlowDbException;
import dev.flowdb.IllegalFeatureStateException;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.SchemaVersionException;
import dev.flowdb.ValidationException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flow-db} command. Exit codes: 0 ok, 1 refused by a rule (already passing, unknown
 * id, a cycle…), 2 bad usage or bad input, 3 database problem (cannot open, corrupt, newer
 * schema, locked past the busy timeout).
 */
@Command(name = "flow-db",
        mixinStandardHelpOptions = true,
        versionProvider = FlowDbCli.Version.class,
        description = {"Inspect and steer the feature backlog of coding agents in a features.db.",
                "Without --db, uses the features.db the originals would use in the current folder "
                        + "(.autoforge/, .autocoder/, then the folder itself), or creates .autoforge/features.db."},
        footer = {"", "Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 database problem.",
                "Examples:", "  flow-db demo", "  flow-db add --category auth --name Login --description 'Email form' --step 'open /login'",
                "  flow-db ready --json", "  flow-db next --actor coder-1"})
public final class FlowDbCli implements Runnable {

    /**
     * The commands, in the order {@code --help} lists them. Only the one a run names is added to the
     * command line (all of them for help, a typo, or no command): building picocli's reflective
     * model of all 30 for every run made a cold {@code flow-db stats} 1.04 s instead of 0.95 s.
     */
    static final List<Class<?>> COMMANDS = List.of(
            AdminCommands.Init.class, FeatureCommands.Add.class, ImportExport.Import.class, ImportExport.Export.class,
            FeatureCommands.ListFeatures.class, FeatureCommands.Show.class, FeatureCommands.Ready.class,
            FeatureCommands.Blocked.class, FeatureCommands.Next.class, FeatureCommands.Claim.class,
            FeatureCommands.Pass.class, FeatureCommands.Fail.class, FeatureCommands.Progress.class,
            FeatureCommands.Skip.class, FeatureCommands.Edit.class, FeatureCommands.Delete.class,
            DepsCommand.class, GraphCommand.class, StatsCommand.class, EventsCommand.class, HumanCommand.class,
            LeaseCommands.Renew.class, LeaseCommands.ReleaseAgent.class, LeaseCommands.ReleaseStale.class, TasksCommand.class,
            McpCommand.class, ServeCommand.class, CopyCommand.class, AdminCommands.Migrate.class, AdminCommands.Demo.class, ClassArchiveTraining.class, CommandLine.HelpCommand.class);

    /**
     * The commands whose run on an up-to-date SQLite file initialises no jOOQ (kept statements
     * only: see {@code dev.flowdb.internal.engine.Session}), so they get no jOOQ warm-up;
     * {@code LauncherIT.theCommandsOfKeptStatementsNeverInitialiseJooq} runs each and checks. Any other command warms jOOQ up on a
     * second core while picocli parses.
     */
    static final java.util.Set<String> WITHOUT_JOOQ = java.util.Set.of("stats", "ready", "blocked", "show", "next", "list", "export");

    /** Options of the top-level command that take a value, so the command's name is found after them. */
    private static final java.util.Set<String> VALUE_OPTIONS = java.util.Set.of("--db", "--actor", "--source");

    /** Success. */
    public static final int OK = 0;
    /** Refused by a rule of the backlog (already passing, unknown id, cycle, …). */
    public static final int REFUSED = 1;
    /** Bad usage or bad input. */
    public static final int BAD_INPUT = 2;
    /** The database could not be used. */
    public static final int DATABASE_PROBLEM = 3;

    /** Creates the top-level command; picocli makes one per run. */
    public FlowDbCli() {
        // the options and subcommands are declared by annotations
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    Common common;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // SLF4J's provider named, not searched for: its ServiceLoader would open all ~50 jars of the class path
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
            // without this, SLF4J reports on standard error that it loads the provider it was given
            System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "WARN"));
        }
        // picocli looks for Groovy's Closure class (for closures in annotations) unless told not to: a
        // class that is not there is searched for in every jar of the class path, which opens them all
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        // SQLite, jOOQ and the open path warm up on a second core while picocli parses (BENCHMARKS.md, "Start-up")
        StartupWarmup warmup = StartupWarmup.start(!WITHOUT_JOOQ.contains(String.valueOf(commandName(args))));
        warmup.openClassPath();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), warmup));
    }

    /**
     * Runs one command with the given output streams (for tests and embedding).
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, StartupWarmup.NONE);
    }

    /**
     * Runs one command, after {@code warmup} has finished: nothing between parsing and the
     * command's own work touches SQLite or jOOQ before it.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, StartupWarmup warmup) {
        CommandLine cli = new CommandLine(new FlowDbCli());
        String named = commandName(args);
        List<Class<?>> needed = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(named)).toList();
        for (Class<?> command : needed.isEmpty() || "help".equals(named) ? COMMANDS : needed) {
            cli.addSubcommand(new CommandLine(command));
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine));
        cli.setExecutionStrategy(parseResult -> {
            // global options may stand before the command: hand them to the command that runs
            List<CommandLine> chain = parseResult.asCommandLineList();
            Common top = Common.of(chain.get(0));
            Common leaf = Common.of(chain.get(chain.size() - 1));
            if (leaf != null) {
                leaf.inheritFrom(top);
            }
            Object last = chain.get(chain.size() - 1).getCommand();
            if (last instanceof McpCommand mcp && top != null) {
                mcp.inheritFrom(top);
            }
            if (last instanceof ServeCommand serve && top != null) {
                serve.inheritFrom(top);
            }
            warmup.await();
            // done by the warm-up already unless it was turned off (then this costs a few milliseconds)
            SqliteNativeCache.install();
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setParameterExceptionHandler((ex, args1) -> {
            ex.getCommandLine().getErr().println("flow-db: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'flow-db " + qualifiedName(ex.getCommandLine()) + "--help'.");
            return BAD_INPUT;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The first argument that is neither an option nor an option's value: the command, or null. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-")) {
                return a;
            }
            if (VALUE_OPTIONS.contains(a)) {
                i++;
            }
        }
        return null;
    }

    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        String rest = name.startsWith("flow-db") ? name.substring("flow-db".length()).trim() : name;
        return rest.isEmpty() ? "" : rest + " ";
    }

    /** Maps an exception to its exit code and prints it as one line (a stack trace only with --verbose). */
    private static int report(Exception ex, CommandLine commandLine) {
        int code = exitCode(ex);
        Common common = Common.of(commandLine);
        String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        if (common != null && common.json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", message);
            commandLine.getOut().println(dev.flowdb.schema.Json.write(error));
        }
        commandLine.getErr().println("flow-db: " + message);
        if (common != null && common.verbose) {
            ex.printStackTrace(commandLine.getErr());
        }
        return code;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof IllegalFeatureStateException || ex instanceof InvalidDependencyException
                || ex instanceof FeatureNotFoundException || ex instanceof Refused) {
            return REFUSED;
        }
        if (ex instanceof NoDatabase) {
            return DATABASE_PROBLEM;
        }
        if (ex instanceof ValidationException || ex instanceof BadInput) {
            return BAD_INPUT;
        }
        if (ex instanceof DatabaseAccessException || ex instanceof CorruptDatabaseException
                || ex instanceof SchemaVersionException || ex instanceof DatabaseBusyException || ex instanceof FlowDbException) {
            return DATABASE_PROBLEM;
        }
        return DATABASE_PROBLEM;
    }

    /** A request the backlog's rules refuse (exit code 1). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** A read command on a path where no database exists (exit code 3); nothing is created. */
    static final class NoDatabase extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoDatabase(String message) {
            super(message);
        }
    }

    /** Input the command cannot use: an unreadable file, malformed JSON (exit code 2). */
    static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }

        BadInput(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reports the version of the jar, the schema version it writes, and the SQLite it embeds. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.sql.SQLException {
            String v = FlowDbCli.class.getPackage().getImplementationVersion();
            String sqlite;
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:");
                 java.sql.ResultSet rs = c.createStatement().executeQuery("select sqlite_version()")) {
                rs.next();
                sqlite = rs.getString(1);
            }
            return new String[] {"flow-db " + (v == null ? "(development build)" : v),
                    "schema version " + dev.flowdb.Database.SCHEMA_VERSION, "SQLite " + sqlite};
        }
    }
}
