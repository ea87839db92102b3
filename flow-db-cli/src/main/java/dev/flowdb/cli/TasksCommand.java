package dev.flowdb.cli;

import dev.flowdb.tasks.TaskSync;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tasks export|import}: features ⇄ a Claude Code task list folder. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Sync features with a Claude Code task list (~/.claude/tasks/<list>).",
        subcommands = {TasksCommand.Export.class, TasksCommand.Import.class},
        footer = {"", "Examples:", "  flow-db tasks export --dir ~/.claude/tasks/flow-myproject",
                "  CLAUDE_CODE_TASK_LIST_ID=flow-myproject claude …   # agents work on the list", "  flow-db tasks import --dir ~/.claude/tasks/flow-myproject"})
final class TasksCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: export or import");
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write one task file per feature.")
    static final class Export implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--dir", required = true, description = "The task list folder.")
        Path dir;

        @Override
        public Integer call() {
            return FeatureCommands.withDb(common, db -> {
                TaskSync.ExportResult r = TaskSync.export(db, dir);
                if (common.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("written", r.written());
                    m.put("unchanged", r.unchanged());
                    m.put("high_watermark", r.highWatermark());
                    Render.json(common.out(), m);
                } else {
                    common.out().println("Exported to " + dir + ": " + r.written() + " written, " + r.unchanged() + " unchanged (.highwatermark "
                            + r.highWatermark() + ")");
                }
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Apply what changed in the task files (audited with source 'tasks').")
    static final class Import implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--dir", required = true, description = "The task list folder.")
        Path dir;

        @Override
        public Integer call() {
            return FeatureCommands.withDb(common, db -> {
                TaskSync.ImportResult r = TaskSync.importChanges(db, dir, common.actor().agent());
                if (common.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("applied", r.applied());
                    m.put("conflicts", r.conflicts());
                    m.put("errors", r.errors());
                    m.put("created", r.created());
                    Render.json(common.out(), m);
                } else {
                    r.applied().forEach(a -> common.out().println("applied:  " + a));
                    r.conflicts().forEach(c -> common.out().println("conflict: " + c));
                    r.errors().forEach((file, why) -> common.out().println("failed:   " + file + ": " + why));
                    common.out().println(r.applied().size() + " applied, " + r.conflicts().size() + " conflicts, " + r.errors().size() + " files failed");
                }
                return r.errors().isEmpty() && r.conflicts().isEmpty() ? FlowDbCli.OK : FlowDbCli.REFUSED;
            });
        }
    }
}
