package dev.flowdb.cli;

import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.NewFeature;
import dev.flowdb.ReadyPage;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code init}, {@code migrate} and {@code demo}. */
final class AdminCommands {

    private AdminCommands() {
    }

    static Map<String, Object> describe(Database db, Common common) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (db.path() != null || !common.target().isPostgres()) {
            m.put("path", String.valueOf(db.path()));
            m.put("schema_version", db.read(ctx -> ctx.fetchValue("select value from flow_meta where key = 'schema_version'")));
            m.put("journal_mode", db.read(ctx -> ctx.fetchValue("pragma journal_mode")));
        } else {
            m.put("url", common.target().describe());
            m.put("schema_version", String.valueOf(Database.SCHEMA_VERSION));
        }
        m.put("features", db.features().stats().total());
        return m;
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create the database (and its folders) if it does not exist.")
    static final class Init implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            boolean existed = common.target().exists();
            return FeatureCommands.withDb(common, db -> {
                Map<String, Object> m = describe(db, common);
                m.put("created", !existed);
                if (common.json) {
                    Render.json(common.out(), m);
                } else {
                    common.out().println((existed ? "Opened " : "Created ") + common.target().describe() + " (schema version " + m.get("schema_version")
                            + ", " + m.get("features") + " features)");
                }
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Adopt a file of the Python autocoder or its ports in place, or bring a flow-db file to this version's schema.")
    static final class Migrate implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            if (common.isAbsentFile()) {
                throw new FlowDbCli.BadInput("no database at " + common.target().describe() + " (use init to create one)");
            }
            return FeatureCommands.withDb(common, db -> {
                Map<String, Object> m = describe(db, common);
                if (common.json) {
                    Render.json(common.out(), m);
                } else {
                    common.out().println(common.target().describe() + " is up to date: schema version " + m.get("schema_version")
                            + (m.containsKey("journal_mode") ? ", journal " + m.get("journal_mode") : "") + ", " + m.get("features") + " features");
                }
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Add a small sample backlog (once) and walk through it: ready → claim → pass, as an agent would.")
    static final class Demo implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            return FeatureCommands.withDb(common, db -> {
                PrintWriter out = common.out();
                FeatureStore agent = db.features(common.actor());
                FeatureStore.BulkResult added = agent.createBulkSkippingDuplicates(List.of(
                        new NewFeature("setup", "Project skeleton", "Create the app skeleton with a health endpoint", List.of("GET /health answers 200")),
                        new NewFeature("auth", "Sign-up form", "Users register with email and password",
                                List.of("open /signup", "submit a new email", "see the welcome page")).dependsOn(DependencyRef.index(0)),
                        new NewFeature("auth", "Login form", "Registered users log in", List.of("open /login", "submit valid credentials"))
                                .dependsOn(DependencyRef.index(1)),
                        new NewFeature("recipes", "Recipe list", "Show all recipes, newest first", List.of("open /recipes", "see the list"))
                                .dependsOn(DependencyRef.index(0)),
                        new NewFeature("recipes", "Recipe search", "Search recipes by name", List.of("type 'soup'", "see matching recipes"))
                                .dependsOn(DependencyRef.index(3))));
                out.println("flow-db demo on " + common.target().describe());
                out.println("Added " + added.created().size() + " sample features" + (added.skipped().isEmpty() ? "" : " (" + added.skipped().size() + " were there already)") + ".");
                out.println();
                for (int round = 1; round <= 2; round++) {
                    ReadyPage ready = agent.ready(10);
                    out.println("Ready now (" + ready.totalReady() + "):");
                    Render.featureTable(out, ready.features());
                    Optional<Feature> next = agent.claimNextReady();
                    if (next.isEmpty()) {
                        out.println("Nothing left to claim.");
                        break;
                    }
                    out.println("→ " + common.actor().agent() + " claims #" + next.get().id() + " " + next.get().name());
                    Feature passed = agent.markPassing(next.get().id());
                    out.println("→ #" + passed.id() + " passes");
                    out.println();
                }
                var stats = agent.stats();
                out.println("Progress: " + stats.passing() + "/" + stats.total() + " passing (" + stats.percentage() + "%)");
                out.println("Try: flow-db list, flow-db graph, flow-db events" + (common.db != null ? " --db " + common.db : ""));
                return FlowDbCli.OK;
            });
        }
    }
}
