package io.saturdayzoo.training.cli;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.gate.BacktestReport;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.training.backtest.Backtest;
import io.saturdayzoo.training.data.S3ObjectSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code backtest --execution-id X}: each pending candidate and its champion on shared rows, to research/{X}/backtest.json. */
@Command(name = "backtest", description = "For each label with a pending candidate and a champion: both scored on the "
        + "rows after both training cutoffs (the candidate by its last walk-forward fold), for EvalGate to decide.")
final class BacktestCommand implements Callable<Integer> {
    @ParentCommand
    TrainerCli cli;

    @Option(names = "--execution-id", required = true, description = "State machine execution id.")
    String executionId;

    @Option(names = "--threads", description = "Worker threads for parsing (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        TrainerCli.keySegment("--execution-id", executionId);
        BacktestReport report = new Backtest(ModelRegistry.fromEnv(cli.env), new S3ObjectSource(AwsClients.s3(cli.env)),
                threads == null ? Runtime.getRuntime().availableProcessors() : threads).run(executionId);
        cli.out.println(ZooJson.mapper().writeValueAsString(report));
        return TrainerCli.OK;
    }
}
