package io.saturdayzoo.local.cli;

import io.saturdayzoo.local.leaderboard.Leaderboard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code saturday leaderboard}: versions, realized metrics, lifecycle, gate verdicts and lineage per label. */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Per-label versions, holdout metrics (auc, log loss, Brier, ECE) and ensemble lineage from the"
                + " local (or deployed) registry, champion marked; --json adds lifecycle reasons and the gate's record.")
final class LeaderboardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RegistryTarget target;

    @Option(names = "--json", description = "Print the leaderboard as JSON: every version with lifecycle, metrics, "
            + "parent, base versions, gate window and verdict.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (RegistryTarget.Opened opened = target.open()) {
            var rows = Leaderboard.rows(opened.registry());
            spec.commandLine().getOut().print(json ? Leaderboard.json(rows) : Leaderboard.render(rows));
            spec.commandLine().getOut().flush();
        }
        return SaturdayCli.OK;
    }
}
