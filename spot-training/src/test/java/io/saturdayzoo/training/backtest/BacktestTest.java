package io.saturdayzoo.training.backtest;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SpecStatus;
import io.saturdayzoo.core.gate.BacktestReport;
import io.saturdayzoo.core.gate.GatePolicy;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.training.TestRegistry;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.CsvDatasetReader;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.S3ObjectSource;
import io.saturdayzoo.training.data.SyntheticDatasets;
import io.saturdayzoo.training.output.RunContext;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate compares like with like: the walk-forward AUC a version reports was measured on its own data and folds,
 * so it can point the wrong way; on the rows after both cutoffs both models are scored alike (real LightGBM).
 * One model here trained on data with a leak (a feature that copies the label), so its own walk-forward AUC is
 * near 1, while the live data it must score has no leak; the other trained on the live data as it is.
 */
class BacktestTest {
    private static final DatasetRef LIVE = new DatasetRef("s3://backtest-data/live/", "ts", "label");
    private static final Map<String, Object> PARAMS = Map.of("objective", "binary", "num_iterations", 40,
            "num_leaves", 15, "learning_rate", 0.1);

    @TempDir
    static Path dir;
    private static List<String> lines;

    @BeforeAll
    static void data() throws IOException {
        lines = Files.readAllLines(SyntheticDatasets.writeCsv(dir.resolve("live.csv"), SyntheticDatasets.Spec.of(6_000, 21)));
    }

    @Test
    void aCandidateWithTheHigherWalkForwardAucLosesOnTheSharedWindow() throws IOException {
        Fixture fx = new Fixture();
        ModelVersion champion = fx.train("champion-run", data("clean", 4_000, false));
        fx.registry.promote(champion.label(), champion.versionNumber(), "champion-run");
        ModelVersion candidate = fx.train("candidate-run", data("leaky", 5_000, true));

        BacktestReport.LabelBacktest b = fx.backtest();

        assertThat(candidate.metrics().get("auc")).as("the candidate's own walk-forward AUC")
                .isGreaterThan(champion.metrics().get("auc") + 0.1);
        assertThat(b.candidate().auc()).as("on the shared window").isLessThan(b.champion().auc() - 0.05);
        assertThat(GatePolicy.DEFAULTS.judge(b).candidateWins()).isFalse();
        assertSharedWindow(b, candidate, champion);
    }

    @Test
    void aCandidateWithTheLowerWalkForwardAucWinsOnTheSharedWindow() throws IOException {
        Fixture fx = new Fixture();
        ModelVersion champion = fx.train("champion-run", data("leaky", 4_000, true));
        fx.registry.promote(champion.label(), champion.versionNumber(), "champion-run");
        ModelVersion candidate = fx.train("candidate-run", data("clean", 5_000, false));

        BacktestReport.LabelBacktest b = fx.backtest();

        assertThat(candidate.metrics().get("auc")).isLessThan(champion.metrics().get("auc") - 0.1);
        assertThat(b.candidate().auc()).isGreaterThan(b.champion().auc() + 0.05);
        GatePolicy.Verdict verdict = GatePolicy.DEFAULTS.judge(b);
        assertThat(verdict.candidateWins()).isTrue();
        assertThat(verdict.reason()).startsWith("m#v2 beats the champion on " + b.rows() + " shared rows");
        assertSharedWindow(b, candidate, champion);
    }

    private static void assertSharedWindow(BacktestReport.LabelBacktest b, ModelVersion candidate,
                                           ModelVersion champion) {
        assertThat(b.candidate().versionId()).isEqualTo(candidate.versionId());
        assertThat(b.champion().versionId()).isEqualTo(champion.versionId());
        assertThat(b.candidate().model()).isEqualTo("last_fold");
        assertThat(b.champion().model()).isEqualTo("final");
        // the candidate's last fold saw less than its final model; the window starts after both cutoffs
        assertThat(b.cutoff()).isEqualTo(Math.max(b.candidate().trainedTo(), b.champion().trainedTo()));
        assertThat(b.windowFrom()).isGreaterThan(b.cutoff());
        assertThat(b.windowTo()).isEqualTo(Long.parseLong(lines.get(lines.size() - 1).split(",", 2)[0]));
        assertThat(b.rows()).isBetween(GatePolicy.DEFAULT_MIN_ROWS, 2_000);
        assertThat(b.candidate().logLoss()).isPositive();
        assertThat(b.champion().logLoss()).isPositive();
        assertThat(b.note()).isNull();
    }

    /** The first {@code rows} rows of the live data; with a leak, feature f0 holds the label itself. */
    private static Dataset data(String name, int rows, boolean leak) throws IOException {
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, rows + 1)) {
            String[] cells = line.split(",");
            if (leak) {
                cells[2] = cells[1] + ".0";
            }
            out.add(String.join(",", cells));
        }
        Path csv = Files.write(dir.resolve(name + "-" + rows + ".csv"), out);
        return CsvDatasetReader.read(csv, ColumnRoles.of("ts", "label"), 1);
    }

    /** A fresh registry and bucket; the live data in its own bucket; one spec "m" whose versions train on what a test gives. */
    private static final class Fixture {
        final Map<String, String> env = TestRegistry.freshEnv();
        final ModelRegistry registry = ModelRegistry.fromEnv(env);
        final S3Client s3 = AwsClients.s3(env);
        final ModelSpec spec = new ModelSpec("m", "lightgbm", "m", LIVE, PARAMS, SpecStatus.ACTIVE);

        Fixture() {
            if (!s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("backtest-data"))) {
                s3.createBucket(b -> b.bucket("backtest-data"));
            }
            s3.putObject(b -> b.bucket("backtest-data").key("live/part-0.csv"),
                    RequestBody.fromString(String.join("\n", lines) + "\n"));
        }

        ModelVersion train(String executionId, Dataset data) {
            RunContext run = new RunContext(executionId, "job-" + executionId, "c", "d", "local", null);
            return TestRegistry.register(registry, spec, new Trainer().train(spec, data,
                    TrainOptions.defaults().withThreads(1)), run);
        }

        BacktestReport.LabelBacktest backtest() {
            BacktestReport report = new Backtest(registry, new S3ObjectSource(s3), 1).run("gate-run");
            assertThat(registry.artifacts().getJson(BacktestReport.key("gate-run"), BacktestReport.class))
                    .contains(report);
            assertThat(report.labels()).hasSize(1);
            return report.labels().get(0);
        }
    }
}
