package dev.flowdb.cli;

import static dev.flowdb.cli.FeatureCommands.printFeature;
import static dev.flowdb.cli.FeatureCommands.withDb;

import dev.flowdb.Feature;
import dev.flowdb.RenewResult;
import dev.flowdb.internal.wire.Durations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Claim leases: {@code renew}, {@code release-agent}, {@code release-stale}. */
final class LeaseCommands {

    private LeaseCommands() {
    }

    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = {"Renew the lease of a claim the acting agent (--actor) holds, so release-stale measures from now.",
                    "Refused (exit 1) when the feature is not in progress or another agent holds it."})
    static final class Renew implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "Feature id.")
        long id;

        @Override
        public Integer call() {
            return withDb(common, db -> {
                RenewResult result = db.features(common.actor()).renewClaim(id);
                if (result instanceof RenewResult.NotHeld notHeld) {
                    throw new FlowDbCli.Refused(notHeld.message());
                }
                return printFeature(common, result.feature().orElseThrow(), "Lease renewed:");
            });
        }
    }

    @Command(name = "release-agent", mixinStandardHelpOptions = true,
            description = "Release every claim one agent holds (its process ended); other agents' claims are untouched.")
    static final class ReleaseAgent implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "NAME", description = "The agent, as 'claimed by' shows it.")
        String agent;

        @Override
        public Integer call() {
            return withDb(common, db -> released(common, db.features(common.actor()).releaseClaimsOf(agent), "claims of " + agent));
        }
    }

    @Command(name = "release-stale", mixinStandardHelpOptions = true,
            description = "Release claims whose lease started longer ago than --older-than (from the last renewal, else the claim).")
    static final class ReleaseStale implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--older-than", required = true, paramLabel = "DURATION", description = "e.g. 90s, 30m, 2h, 1d or ISO-8601 (PT1H).")
        String olderThan;

        @Override
        public Integer call() {
            Duration age = parseDuration(olderThan);
            return withDb(common, db -> released(common, db.features(common.actor()).releaseStaleClaims(age), "stale claims"));
        }
    }

    private static int released(Common common, List<Feature> released, String what) {
        if (common.json) {
            Render.json(common.out(), Render.features(released));
        } else {
            common.out().println("Released " + released.size() + " " + what + ".");
            if (!released.isEmpty()) {
                Render.featureTable(common.out(), released);
            }
        }
        return FlowDbCli.OK;
    }

    static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FlowDbCli.BadInput(e.getMessage());
        }
    }
}
