package io.saturdayzoo.training.cli;

import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.research.ResearchReport;
import io.saturdayzoo.training.data.S3ObjectSource;
import io.saturdayzoo.training.research.ChampionResearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code research --execution-id X}: importance and drift of every champion, to research/{executionId}/report.json. */
@Command(name = "research", description = "For each label with a champion: feature importance (gain) and per-feature "
        + "drift (PSI) between the champion's training window and the newest data.")
final class ResearchCommand implements Callable<Integer> {
    @ParentCommand
    TrainerCli cli;

    @Option(names = "--execution-id", required = true, description = "State machine execution id.")
    String executionId;

    @Option(names = "--threads", description = "Worker threads for parsing (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        TrainerCli.keySegment("--execution-id", executionId);
        ModelRegistry registry = ModelRegistry.fromEnv(cli.env);
        ResearchReport report = new ChampionResearch(registry, ZooCatalog.loadDefault(cli.env),
                new S3ObjectSource(AwsClients.s3(cli.env)),
                threads == null ? Runtime.getRuntime().availableProcessors() : threads).run(executionId);
        cli.out.println(ZooJson.mapper().writeValueAsString(summary(report)));
        return TrainerCli.OK;
    }

    private static Map<String, Object> summary(ResearchReport report) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("execution_id", report.executionId());
        s.put("report_key", ArtifactStore.researchReportKey(report.executionId()));
        s.put("champions", report.champions().size());
        s.put("drifted", report.champions().stream().filter(c -> !c.driftedFeatures().isEmpty())
                .map(ResearchReport.ChampionFindings::label).toList());
        s.put("skipped", report.skipped());
        s.put("shadow_scores", report.shadow().size());
        return s;
    }
}
