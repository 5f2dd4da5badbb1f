package io.saturdayzoo.training.scoring;

import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.HarnessData;
import io.saturdayzoo.training.TestRegistry;
import io.saturdayzoo.training.calibration.Calibration;
import io.saturdayzoo.training.calibration.Calibrator;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.output.RunContext;
import io.saturdayzoo.training.output.RunFiles;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.TrainedArtifact;
import io.saturdayzoo.training.run.Trainer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A registered version scores rows through one loader, whether it has a calibrator or not. */
class ScoringModelTest {
    private static final Map<String, Object> PARAMS = Map.of("num_iterations", 30, "num_leaves", 15);

    @Test
    void aKindOnlyModelAndACalibratedOneLoadAndScoreAlike() {
        Dataset data = HarnessData.balanced();
        ModelRegistry registry = TestRegistry.fresh();
        Rows rows = data.rows(data.rowCount() - 800, data.rowCount());
        for (Calibration calibration : Calibration.values()) {
            ModelSpec spec = HarnessData.spec("m-" + calibration.wireName(), "lightgbm", data, PARAMS)
                    .withCalibration(calibration.wireName());
            TrainedArtifact a = new Trainer().train(spec, data, TrainOptions.defaults().withThreads(1));
            ModelVersion version = TestRegistry.register(registry, spec, a, run());

            double[] raw;
            try (FittedModel model = ModelKinds.discover().require(spec.id(), "lightgbm").load(a.modelText())) {
                raw = model.predict(rows);
            }
            try (ScoringModel scoring = ScoringModel.load(registry, version)) {
                assertThat(scoring.kind()).isEqualTo("lightgbm");
                assertThat(scoring.calibrator().method()).isEqualTo(calibration);
                assertThat(scoring.rawScores(rows)).containsExactly(raw);
                assertThat(scoring.score(rows)).containsExactly(a.harness().calibrator().apply(raw));
                assertThat(java.util.Arrays.stream(scoring.score(rows)).allMatch(p -> p >= 0 && p <= 1)).isTrue();
                assertThat(scoring.featureImportance(data.featureNames())).containsKey("f0");
                if (calibration == Calibration.NONE) {
                    assertThat(scoring.score(rows)).containsExactly(raw);
                } else {
                    assertThat(scoring.score(rows)).isNotEqualTo(raw);
                }
            }
        }
    }

    @Test
    void aVersionFromBeforeCalibratorsScoresUncalibratedAndAMissingModelIsNamed() {
        Dataset data = HarnessData.balanced();
        ModelRegistry registry = TestRegistry.fresh();
        ModelSpec spec = HarnessData.spec("old", "lightgbm", data, PARAMS);
        TrainedArtifact a = new Trainer().train(spec, data, TrainOptions.defaults().withThreads(1));
        // as RunPublisher wrote runs before this change: model.txt and manifest.json, no calibrator.json
        ArtifactStore store = registry.artifacts();
        String prefix = ArtifactStore.runPrefix("exec-old", "old");
        store.putBytes(prefix + ArtifactStore.MODEL_FILE, a.modelText().getBytes(StandardCharsets.UTF_8), "text/plain");
        RunManifest manifest = new RunManifest("exec-old", "old", "old", "lightgbm", "job", "c", "d", a.params(),
                spec.dataset(), a.evaluation().aggregate(), a.startedAt(), a.completedAt(), null);
        store.putJson(prefix + ArtifactStore.MANIFEST_FILE, manifest);
        ModelVersion version = registry.register(manifest.toRegistration());
        assertThat(store.getBytes(version.artifactPrefix() + RunFiles.CALIBRATOR)).isEmpty();

        try (ScoringModel scoring = ScoringModel.load(registry, version)) {
            assertThat(scoring.calibrator()).isEqualTo(Calibrator.Identity.INSTANCE);
            assertThat(scoring.score(data.all())).containsExactly(scoring.rawScores(data.all()));
        }
        ModelVersion noWeights = registry.register(new RunManifest("exec-x", "gone", "gone", "lightgbm", "job", "c",
                "d", a.params(), spec.dataset(), a.evaluation().aggregate(), a.startedAt(), a.completedAt(), null)
                .toRegistration());
        assertThatThrownBy(() -> ScoringModel.load(registry, noWeights)).isInstanceOf(IllegalStateException.class)
                .hasMessage("version gone#v1 has no manifest.json under models/gone/v1/");
    }

    private static RunContext run() {
        return new RunContext("exec-1", "job-1", "abc123", "sha256:feed", "local", null);
    }
}
