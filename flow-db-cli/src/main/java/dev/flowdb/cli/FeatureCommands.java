package dev.flowdb.cli;

import dev.flowdb.BlockedFeature;
import dev.flowdb.BlockedPage;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureNotFoundException;
import dev.flowdb.FeatureStore;
import dev.flowdb.FeatureUpdate;
import dev.flowdb.NewFeature;
import dev.flowdb.ReadyPage;
import dev.flowdb.internal.wire.OriginalJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that read and change single features and lists of them. */
final class FeatureCommands {

    private FeatureCommands() {
    }

    /** Runs {@code work} on an open database and closes it. */
    static int withDb(Common common, Function<Database, Integer> work) {
        try (Database db = common.open()) {
            return work.apply(db);
        }
    }

    /** Prints one feature: JSON or details. */
    static int printFeature(Common common, Feature f, String headline) {
        if (common.json) {
            Render.json(common.out(), Render.feature(f));
        } else {
            if (headline != null) {
                common.out().println(headline);
            }
            Render.featureDetails(common.out(), f);
        }
        return FlowDbCli.OK;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a feature (from flags), or several from a JSON file.",
            footer = {"", "Examples:", "  flow-db add --category auth --name Login --description 'Email form' --step 'open /login' --step 'submit'",
                    "  flow-db add --file features.json   (an object, or a list whose items may use depends_on_indices)"})
    static final class Add implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--category", description = "Group, 1-100 characters.")
        String category;
        @Option(names = "--name", description = "Title, 1-255 characters.")
        String name;
        @Option(names = "--description", description = "What to build.")
        String description;
        @Option(names = "--step", description = "A verification step (repeat for several).")
        List<String> steps = new ArrayList<>();
        @Option(names = "--priority", description = "Explicit priority (default: after everything else).")
        Long priority;
        @Option(names = "--depends-on", split = ",", paramLabel = "ID", description = "Ids this feature depends on.")
        List<Long> dependsOn = new ArrayList<>();
        @Option(names = "--file", description = "A JSON file with one feature object or a list of them.")
        Path file;

        @Override
        public Integer call() {
            if (file != null) {
                if (category != null || name != null || description != null || !steps.isEmpty()) {
                    throw new FlowDbCli.BadInput("give either --file or the feature's flags, not both");
                }
                List<NewFeature> items = ImportExport.readBulk(file);
                return withDb(common, db -> {
                    List<Feature> created = db.features(common.actor()).createBulk(items);
                    if (common.json) {
                        Render.json(common.out(), Render.features(created));
                    } else {
                        common.out().println("Created " + created.size() + " features.");
                        Render.featureTable(common.out(), created);
                    }
                    return FlowDbCli.OK;
                });
            }
            NewFeature f = new NewFeature(category, name, description, steps, priority, List.of());
            for (Long id : dependsOn) {
                f = f.dependsOn(DependencyRef.id(id));
            }
            NewFeature feature = f;
            return withDb(common, db -> printFeature(common, db.features(common.actor()).create(feature), "Created feature:"));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List features by priority, then id.")
    static final class ListFeatures implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--status", description = "Only features in this status: pending, in_progress, done, blocked, needs_human_input.")
        String status;
        @Option(names = "--category", description = "Only features of this category.")
        String category;

        @Override
        public Integer call() {
            if (status != null && !List.of("pending", "in_progress", "done", "blocked", "needs_human_input").contains(status)) {
                throw new FlowDbCli.BadInput("--status must be one of pending, in_progress, done, blocked, needs_human_input; got '" + status + "'");
            }
            return withDb(common, db -> {
                FeatureStore store = db.features(common.actor());
                List<Feature> all = store.getAll();
                Map<Long, String> statusById = new LinkedHashMap<>();
                if (status != null) {
                    store.graph().nodes().forEach(n -> statusById.put(n.id(), n.status().wireName()));
                }
                List<Feature> shown = all.stream()
                        .filter(f -> category == null || f.category().equals(category))
                        .filter(f -> status == null || status.equals(statusById.get(f.id())))
                        .toList();
                if (common.json) {
                    Render.json(common.out(), Render.features(shown));
                } else {
                    Render.featureTable(common.out(), shown);
                    common.out().println(shown.size() + " of " + all.size() + " features");
                }
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one feature with its dependencies, dependents and history.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;

        @Override
        public Integer call() {
            return withDb(common, db -> {
                FeatureStore store = db.features(common.actor());
                Feature f = store.getById(id).orElseThrow(() -> FeatureNotFoundException.of(id));
                var graph = store.graph();
                var node = graph.nodes().stream().filter(n -> n.id() == id).findFirst().orElseThrow();
                var events = db.events().forFeature(id);
                if (common.json) {
                    Map<String, Object> m = Render.feature(f);
                    m.put("status", node.status().wireName());
                    m.put("dependents", node.dependents());
                    m.put("history", events.stream().map(Render::event).toList());
                    Render.json(common.out(), m);
                    return FlowDbCli.OK;
                }
                PrintWriter out = common.out();
                Render.featureDetails(out, f);
                out.println("  status:       " + node.status().wireName());
                Map<Long, String> names = new LinkedHashMap<>();
                graph.nodes().forEach(n -> names.put(n.id(), "#" + n.id() + " " + n.name() + " [" + n.status().wireName() + "]"));
                out.println("  depends on:   " + (f.dependencies().isEmpty() ? "-" : ""));
                for (Long d : f.dependencies()) {
                    out.println("    " + names.getOrDefault(d, "#" + d + " (missing: never satisfied)"));
                }
                out.println("  dependents:   " + (node.dependents().isEmpty() ? "-" : ""));
                for (Long d : node.dependents()) {
                    out.println("    " + names.get(d));
                }
                out.println("  history:");
                Render.eventTable(out, events);
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "ready", mixinStandardHelpOptions = true, description = "Features that can start now, best first.")
    static final class Ready implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--limit", defaultValue = "10", description = "How many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            return withDb(common, db -> {
                ReadyPage page = db.features(common.actor()).ready(limit);
                if (common.json) {
                    Render.json(common.out(), OriginalJson.page(Render.features(page.features()), "total_ready", page.totalReady()));
                } else {
                    Render.featureTable(common.out(), page.features());
                    common.out().println(page.features().size() + " of " + page.totalReady() + " ready features");
                }
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "blocked", mixinStandardHelpOptions = true, description = "Features waiting for dependencies that do not pass.")
    static final class Blocked implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--limit", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            return withDb(common, db -> {
                BlockedPage page = db.features(common.actor()).blocked(limit);
                if (common.json) {
                    Render.json(common.out(), OriginalJson.page(page.features().stream().map(Render::blocked).toList(), "total_blocked",
                            page.totalBlocked()));
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (BlockedFeature b : page.features()) {
                        Feature f = b.feature();
                        rows.add(List.of(String.valueOf(f.id()), String.valueOf(f.priority()), Render.status(f), f.name(), Render.deps(b.blockedBy())));
                    }
                    Render.table(common.out(), List.of("ID", "PRIO", "STATUS", "NAME", "BLOCKED BY"), rows);
                    common.out().println(page.features().size() + " of " + page.totalBlocked() + " blocked features");
                }
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true, description = "Claim the best ready feature for --actor (atomic: never the same feature twice).")
    static final class Next implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            return withDb(common, db -> {
                Optional<Feature> next = db.features(common.actor()).claimNextReady();
                if (next.isEmpty()) {
                    var stats = db.features(common.actor()).stats();
                    String why = stats.isComplete() ? "all " + stats.total() + " features pass" : "nothing is ready";
                    if (common.json) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("claimed", null);
                        m.put("reason", why);
                        m.put("complete", stats.isComplete());
                        Render.json(common.out(), m);
                    } else {
                        common.out().println("Nothing claimed: " + why + ".");
                    }
                    return FlowDbCli.REFUSED;
                }
                return printFeature(common, next.get(), "Claimed:");
            });
        }
    }

    @Command(name = "claim", mixinStandardHelpOptions = true, description = "Claim a feature for --actor (idempotent: claiming a claimed feature succeeds).")
    static final class Claim implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;

        @Override
        public Integer call() {
            return withDb(common, db -> {
                ClaimResult result = db.features(common.actor()).claim(id);
                if (result instanceof ClaimResult.Refused refused) {
                    throw new FlowDbCli.Refused(refused.message());
                }
                Feature f = result.feature().orElseThrow();
                boolean already = result instanceof ClaimResult.AlreadyClaimed;
                if (common.json) {
                    Map<String, Object> m = Render.feature(f);
                    m.put("already_claimed", already);
                    Render.json(common.out(), m);
                    return FlowDbCli.OK;
                }
                return printFeature(common, f, already ? "Already claimed (by " + f.claimedBy() + "):" : "Claimed:");
            });
        }
    }

    @Command(name = "pass", mixinStandardHelpOptions = true, description = "Mark a feature passing (an error if it passes already).")
    static final class Pass implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;

        @Override
        public Integer call() {
            return withDb(common, db -> printFeature(common, db.features(common.actor()).markPassing(id), "Marked passing:"));
        }
    }

    @Command(name = "fail", mixinStandardHelpOptions = true, description = "Mark a feature failing (a regression); its dependents are blocked again.")
    static final class Fail implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;

        @Override
        public Integer call() {
            return withDb(common, db -> printFeature(common, db.features(common.actor()).markFailing(id),
                    "Feature #" + id + " marked as failing - regression detected"));
        }
    }

    @Command(name = "progress", mixinStandardHelpOptions = true, description = "Set (--set) or clear (--clear) a feature's in-progress flag.")
    static final class Progress implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--clear", description = "Take the feature out of progress (idempotent).")
        boolean clear;
        @Option(names = "--set", description = "Put the feature in progress (an error if it is already).")
        boolean set;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;

        @Override
        public Integer call() {
            if (clear == set) {
                throw new FlowDbCli.BadInput("give exactly one of --clear or --set");
            }
            return withDb(common, db -> {
                FeatureStore store = db.features(common.actor());
                return clear ? printFeature(common, store.clearInProgress(id), "Cleared in-progress:")
                        : printFeature(common, store.markInProgress(id), "In progress:");
            });
        }
    }

    @Command(name = "skip", mixinStandardHelpOptions = true, description = "Move a feature to the end of the queue (priority MAX + 1).")
    static final class Skip implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;

        @Override
        public Integer call() {
            return withDb(common, db -> {
                FeatureStore.SkipResult r = db.features(common.actor()).skip(id);
                if (common.json) {
                    Render.json(common.out(), OriginalJson.skip(r));
                } else {
                    common.out().println("Feature '" + r.feature().name() + "' moved to end of queue (priority "
                            + r.oldPriority() + " → " + r.newPriority() + ")");
                }
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true, description = "Change a feature's name, description, category, steps or priority.")
    static final class Edit implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;
        @Option(names = "--category")
        String category;
        @Option(names = "--name")
        String name;
        @Option(names = "--description")
        String description;
        @Option(names = "--step", description = "Replaces all steps (repeat for several).")
        List<String> steps;
        @Option(names = "--priority")
        Long priority;

        @Override
        public Integer call() {
            FeatureUpdate update = new FeatureUpdate(category, name, description, steps, priority);
            if (update.isEmpty()) {
                throw new FlowDbCli.BadInput("nothing to change: give --name, --description, --category, --step or --priority");
            }
            return withDb(common, db -> printFeature(common, db.features(common.actor()).update(id, update), "Updated:"));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a feature; its id is removed from other features' dependencies, its history stays.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;

        @Override
        public Integer call() {
            return withDb(common, db -> {
                List<Long> affected = db.features(common.actor()).delete(id);
                if (common.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("success", true);
                    m.put("deleted", id);
                    m.put("affected_features", affected);
                    Render.json(common.out(), m);
                } else {
                    common.out().println("Feature " + id + " deleted" + (affected.isEmpty() ? "." : ". Removed from dependencies of features: " + affected));
                }
                return FlowDbCli.OK;
            });
        }
    }
}
