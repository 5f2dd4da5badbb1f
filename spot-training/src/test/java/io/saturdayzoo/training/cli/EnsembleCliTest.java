package io.saturdayzoo.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.training.TestRegistry;
import io.saturdayzoo.training.data.SyntheticDatasets;
import io.saturdayzoo.training.output.RunFiles;
import io.saturdayzoo.training.run.TrainingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train --spec} of a searched base, a second base and an ensemble over both, through the CLI, each run
 * registered from its manifest as RegisterCandidates registers it.
 */
class EnsembleCliTest {
    private static final String DATA = "{\"uri\":\"s3://harness-data/churn/\",\"time_column\":\"ts\",\"target_column\":\"label\"}";
    private static final String CATALOG = """
            {"zoo": "t", "budget": 3, "specs": [
              {"id": "churn-gbdt", "kind": "lightgbm", "label": "churn", "dataset": %1$s, "status": "active",
               "params": {"num_iterations": 20}, "search": {"trials": 3, "metric": "auc"}},
              {"id": "churn-dart", "kind": "lightgbm-dart", "label": "churn-dart", "dataset": %1$s, "status": "active",
               "params": {"num_iterations": 10, "num_leaves": 7}, "calibration": "platt"},
              {"id": "churn-stack", "kind": "logistic-stack", "label": "churn-stack", "dataset": %1$s,
               "status": "active", "bases": ["churn-gbdt", "churn-dart"]}]}""".formatted(DATA);

    @TempDir
    Path dir;

    @Test
    void anEnsembleTrainsFromTheVersionsItsBasesRegisteredInTheSameExecution() throws Exception {
        Map<String, String> env = new HashMap<>(TestRegistry.freshEnv());
        S3Client s3 = AwsClients.s3(env);
        s3.createBucket(b -> b.bucket("harness-data"));
        Path csv = SyntheticDatasets.writeCsv(dir.resolve("churn.csv"), SyntheticDatasets.Spec.of(4_000, 5));
        s3.putObject(b -> b.bucket("harness-data").key("churn/part-0.csv"), RequestBody.fromFile(csv));
        Path catalog = Files.writeString(dir.resolve("catalog.json"), CATALOG);
        env.put("ZOO_CATALOG", catalog.toString());
        ModelRegistry registry = ModelRegistry.fromEnv(env);

        for (String spec : new String[]{"churn-gbdt", "churn-dart", "churn-stack"}) {
            String[] out = cli(env, "train", "--spec", spec, "--execution-id", "ex-1", "--threads", "1");
            assertThat(out[0]).as(spec + ": " + out[2]).isEqualTo("0");
            assertThat(registry.registration("ex-1", spec)).as("the trainer registers nothing itself").isEmpty();
            // what RegisterCandidates (then RegisterEnsembles) does after each pass
            registry.register(registry.artifacts().readRunManifest("ex-1", spec).orElseThrow().toRegistration());
        }

        ModelVersion stack = registry.registration("ex-1", "churn-stack").orElseThrow();
        assertThat(stack.baseVersions()).containsExactly("churn#v1", "churn-dart#v1");
        assertThat(stack.metrics()).containsKeys("auc", "brier", "ece");
        ArtifactStore store = registry.artifacts();
        JsonNode manifest = ZooJson.mapper().readTree(store.getBytes(stack.artifactPrefix() + "manifest.json")
                .orElseThrow());
        assertThat(manifest.get("base_versions").toString()).isEqualTo("[\"churn#v1\",\"churn-dart#v1\"]");
        assertThat(manifest.get("kind").asText()).isEqualTo("logistic-stack");

        ModelVersion gbdt = registry.registration("ex-1", "churn-gbdt").orElseThrow();
        JsonNode search = ZooJson.mapper().readTree(store.getBytes(gbdt.artifactPrefix() + RunFiles.SEARCH)
                .orElseThrow());
        assertThat(search.get("trials")).hasSize(3);
        assertThat(gbdt.params()).isEqualTo(ZooJson.mapper().convertValue(
                search.get("trials").get(search.get("best_trial").asInt()).get("params"), Map.class));
        JsonNode dartCalibrator = ZooJson.mapper().readTree(store.getBytes(
                registry.registration("ex-1", "churn-dart").orElseThrow().artifactPrefix() + RunFiles.CALIBRATOR)
                .orElseThrow());
        assertThat(dartCalibrator.get("method").asText()).isEqualTo("platt");
        JsonNode manifestOfGbdt = ZooJson.mapper().readTree(store.getBytes(gbdt.artifactPrefix() + "manifest.json")
                .orElseThrow());
        assertThat(manifestOfGbdt.get("harness").get("search").get("trials").asInt()).isEqualTo(3);
        assertThat(manifestOfGbdt.has("base_versions")).isFalse();
    }

    private static String[] cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainerCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), TrainingProgress.NONE);
        return new String[]{Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }
}
