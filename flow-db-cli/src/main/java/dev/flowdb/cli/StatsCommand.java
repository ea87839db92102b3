package dev.flowdb.cli;

import dev.flowdb.FeatureStats;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stats}: progress of the backlog, with a bar. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Passing, in progress, waiting and total, with a progress bar.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Override
    public Integer call() {
        return FeatureCommands.withDb(common, db -> {
            FeatureStats s = db.features(common.actor()).stats();
            if (common.json) {
                Render.json(common.out(), Render.stats(s));
                return FlowDbCli.OK;
            }
            int width = 40;
            int filled = s.total() == 0 ? 0 : (int) (s.passing() * width / s.total());
            common.out().println("[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + s.percentage() + "%");
            common.out().println(s.passing() + "/" + s.total() + " passing, " + s.inProgress() + " in progress, "
                    + s.needsHumanInput() + " waiting for human input" + (s.isComplete() ? " — all done" : ""));
            return FlowDbCli.OK;
        });
    }
}
