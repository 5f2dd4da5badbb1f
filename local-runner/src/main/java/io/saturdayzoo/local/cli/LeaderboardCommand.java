package io.saturdayzoo.local.cli;

import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.leaderboard.Leaderboard;
import io.saturdayzoo.localstores.EmbeddedStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code saturday leaderboard}: versions, realized metrics and lineage per label from the local registry. */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Per-label versions, holdout metrics (auc, log loss, Brier, ECE) and ensemble lineage from the"
                + " local registry, champion marked.")
final class LeaderboardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = ".saturday", paramLabel = "DIR",
            description = "The local registry's folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--json", description = "Print the leaderboard as JSON (every metric, base versions).")
    boolean json;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dataDir.resolve("dynamodb"))) {
            throw new IllegalArgumentException("--data-dir: no local registry in " + dataDir.toAbsolutePath()
                    + " (run `saturday run --local` first)");
        }
        try (EmbeddedStores stores = EmbeddedStores.start(dataDir.toAbsolutePath())) {
            // the bucket is not read here: any name will do for the registry's artifact store
            ModelRegistry registry = ModelRegistry.fromEnv(stores.env(LocalSaturday.TABLE, LocalSaturday.DEFAULT_BUCKET));
            var rows = Leaderboard.rows(registry);
            spec.commandLine().getOut().print(json ? Leaderboard.json(rows) : Leaderboard.render(rows));
            spec.commandLine().getOut().flush();
        }
        return SaturdayCli.OK;
    }
}
