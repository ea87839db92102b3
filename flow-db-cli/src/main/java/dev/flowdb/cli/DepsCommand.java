package dev.flowdb.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code deps add|rm|set}: edit a feature's dependencies with the original's checks. */
@Command(name = "deps", mixinStandardHelpOptions = true, description = "Add, remove or replace a feature's dependencies.",
        subcommands = {DepsCommand.Add.class, DepsCommand.Remove.class, DepsCommand.Set.class})
final class DepsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: add, rm or set");
    }

    static int print(Common common, long id, List<Long> deps) {
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("success", true);
            m.put("feature_id", id);
            m.put("dependencies", deps);
            Render.json(common.out(), m);
        } else {
            common.out().println("Feature " + id + " depends on: " + Render.deps(deps));
        }
        return FlowDbCli.OK;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "FEATURE will depend on DEPENDENCY (refused if it closes a cycle).")
    static final class Add implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(index = "0", paramLabel = "FEATURE")
        long feature;
        @Parameters(index = "1", paramLabel = "DEPENDENCY")
        long dependency;

        @Override
        public Integer call() {
            return FeatureCommands.withDb(common, db -> print(common, feature, db.features(common.actor()).addDependency(feature, dependency)));
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "FEATURE no longer depends on DEPENDENCY.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(index = "0", paramLabel = "FEATURE")
        long feature;
        @Parameters(index = "1", paramLabel = "DEPENDENCY")
        long dependency;

        @Override
        public Integer call() {
            return FeatureCommands.withDb(common, db -> print(common, feature, db.features(common.actor()).removeDependency(feature, dependency)));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Replace FEATURE's dependencies (none: no ids).")
    static final class Set implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(index = "0", paramLabel = "FEATURE")
        long feature;
        @Parameters(index = "1..*", paramLabel = "DEPENDENCY")
        List<Long> dependencies = new ArrayList<>();

        @Override
        public Integer call() {
            return FeatureCommands.withDb(common, db -> print(common, feature, db.features(common.actor()).setDependencies(feature, dependencies)));
        }
    }
}
