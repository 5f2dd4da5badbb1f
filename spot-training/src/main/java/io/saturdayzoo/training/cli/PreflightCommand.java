package io.saturdayzoo.training.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.preflight.PreflightCheck;
import io.saturdayzoo.training.preflight.TrainerPreflight;
import io.saturdayzoo.training.run.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code preflight --spec ID}: the same checks as {@code train --spec ID --preflight-only}. */
@Command(name = "preflight", description = "Checks config, catalog, native library, bucket, table and data "
        + "freshness with read-only calls. Trains nothing, writes nothing.")
final class PreflightCommand implements Callable<Integer> {
    @ParentCommand
    TrainerCli cli;

    @Option(names = "--spec", required = true, description = "Spec id from the zoo catalog.")
    String specId;

    @Override
    public Integer call() {
        return run(cli, specId);
    }

    static int run(TrainerCli cli, String specId) {
        TrainerCli.keySegment("--spec", specId);
        List<PreflightCheck> checks = new TrainerPreflight(cli.env, new Trainer()).run(specId);
        boolean ok = checks.stream().allMatch(PreflightCheck::ok);
        try {
            cli.out.println(ZooJson.mapper().writeValueAsString(Map.of("ok", ok, "spec_id", specId, "checks", checks)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!ok) {
            cli.err.println("saturday-trainer: preflight failed: " + checks.stream().filter(c -> !c.ok())
                    .map(c -> c.name() + ": " + TrainerCli.oneLine(c.detail())).collect(Collectors.joining("; ")));
            return TrainerCli.FAILED;
        }
        return TrainerCli.OK;
    }
}
