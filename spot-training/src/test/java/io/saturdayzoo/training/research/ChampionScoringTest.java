package io.saturdayzoo.training.research;

import io.saturdayzoo.core.research.ResearchReport;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.training.TestRegistry;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.CsvDatasetReader;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.S3ObjectSource;
import io.saturdayzoo.training.data.SyntheticDatasets;
import io.saturdayzoo.training.ensemble.BaseVersions;
import io.saturdayzoo.training.ensemble.EnsembleKinds;
import io.saturdayzoo.training.ensemble.EnsembleTrainer;
import io.saturdayzoo.training.output.RunContext;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.TrainedArtifact;
import io.saturdayzoo.training.run.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Research scores with the champion as the registry holds it: an ensemble through its bases and calibrator, on the
 * rows that arrived after its training.
 */
class ChampionScoringTest {
    private static final String DATA = "{\"uri\":\"s3://research-data/churn/\",\"time_column\":\"ts\",\"target_column\":\"label\"}";

    @Test
    void anEnsembleChampionIsScoredOnTheNewRowsThroughItsBasesAndCalibrator(@TempDir Path dir) throws Exception {
        Map<String, String> env = TestRegistry.freshEnv();
        ModelRegistry registry = ModelRegistry.fromEnv(env);
        ZooCatalog catalog = ZooCatalog.parse("""
                {"zoo": "t", "budget": 3, "specs": [
                  {"id": "gbdt", "kind": "lightgbm", "label": "gbdt", "dataset": %1$s, "status": "active",
                   "params": {"num_iterations": 25, "num_leaves": 15}},
                  {"id": "dart", "kind": "lightgbm-dart", "label": "dart", "dataset": %1$s, "status": "active",
                   "params": {"num_iterations": 10, "num_leaves": 7}},
                  {"id": "stack", "kind": "logistic-stack", "label": "stack", "dataset": %1$s, "status": "active",
                   "bases": ["gbdt", "dart"], "calibration": "isotonic"}]}""".formatted(DATA), "test");
        // the models train on the first 5,000 rows; the bucket then holds 1,000 newer ones too
        Path full = SyntheticDatasets.writeCsv(dir.resolve("full.csv"), SyntheticDatasets.Spec.of(6_000, 21));
        List<String> lines = Files.readAllLines(full);
        Path older = Files.write(dir.resolve("older.csv"), lines.subList(0, 5_001));
        Dataset trainedOn = CsvDatasetReader.read(older, ColumnRoles.of("ts", "label"), 1);
        S3Client s3 = AwsClients.s3(env);
        s3.createBucket(b -> b.bucket("research-data"));
        s3.putObject(b -> b.bucket("research-data").key("churn/part-0.csv"), RequestBody.fromFile(full));

        TrainOptions options = TrainOptions.defaults().withThreads(1);
        RunContext run = new RunContext("ex-1", "job-1", "c", "d", "local", null);
        for (String id : List.of("gbdt", "dart")) {
            ModelSpec spec = catalog.require(id);
            TestRegistry.register(registry, spec, new Trainer().train(spec, trainedOn, options), run);
        }
        ModelSpec stack = catalog.require("stack");
        TrainedArtifact a = new EnsembleTrainer(EnsembleKinds.discover()).train(stack,
                BaseVersions.resolve(stack, catalog, registry, "ex-1"), options);
        ModelVersion champion = TestRegistry.register(registry, stack, a, run);
        registry.promote(champion.label(), champion.versionNumber(), "ex-1");

        ResearchReport report = new ChampionResearch(registry, catalog, new S3ObjectSource(s3), 1).run("r-1");

        ResearchReport.ChampionFindings findings = report.champions().stream()
                .filter(c -> c.versionId().equals("stack#v1")).findFirst().orElseThrow();
        assertThat(findings.note()).isNull();
        assertThat(findings.recent().rows()).isEqualTo(1_000);
        assertThat(findings.importanceGain()).isEmpty(); // an ensemble's inputs are its bases, not features
        assertThat(findings.scores().calibrator()).isEqualTo("isotonic");
        assertThat(findings.scores().psi()).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(findings.scores().recentMetrics()).containsKeys("auc", "brier", "ece", "f1");
        assertThat(findings.scores().recentMetrics().get("auc")).isGreaterThan(0.6);
        // the newest ISO week of this file holds its last two days only: too few rows for a shadow score, and said
        assertThat(report.shadow()).isEmpty();
        assertThat(report.shadowSkipped()).extracting(ResearchReport.ShadowSkipped::versionId)
                .containsExactlyInAnyOrder("gbdt#v1", "dart#v1", "stack#v1");
        assertThat(report.shadowSkipped()).allSatisfy(s -> assertThat(s.reason()).contains("2026-W01 holds",
                "fewer than " + ShadowScoring.MIN_ROWS));
    }
}
