package io.saturdayzoo.training.ensemble;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.training.HarnessData;
import io.saturdayzoo.training.TestRegistry;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.output.RunContext;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.TrainedArtifact;
import io.saturdayzoo.training.run.Trainer;
import io.saturdayzoo.training.scoring.ScoringModel;
import io.saturdayzoo.training.testkind.MaxEnsembleKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Ensembles over real registered base versions (DynamoDB Local, s3proxy, LightGBM). */
class EnsembleTrainingTest {
    private static final Map<String, ModelSpec> SPECS = new LinkedHashMap<>();
    private static Dataset data;
    private static ModelRegistry registry;
    private static Map<String, TrainedArtifact> bases;

    @BeforeAll
    static void trainAndRegisterTwoBases() {
        data = HarnessData.balanced();
        registry = TestRegistry.fresh();
        SPECS.put("gbdt", HarnessData.spec("gbdt", "lightgbm", data, Map.of("num_iterations", 30, "num_leaves", 15)));
        SPECS.put("logistic", HarnessData.spec("logistic", "test-logistic", data, Map.of("epochs", 8))
                .withCalibration("platt"));
        bases = new LinkedHashMap<>();
        for (ModelSpec spec : SPECS.values()) {
            TrainedArtifact a = new Trainer().train(spec, data, options());
            TestRegistry.register(registry, spec, a, run("exec-1"));
            bases.put(spec.id(), a);
        }
    }

    private static ModelSpec ensemble(String id, String kind, Map<String, Object> params) {
        return HarnessData.spec(id, kind, data, params).withBases(List.of("gbdt", "logistic"));
    }

    private static TrainedArtifact train(ModelSpec ensemble, String executionId) {
        List<BaseVersion> resolved = BaseVersions.resolve(ensemble, id -> Optional.ofNullable(SPECS.get(id)), registry,
                executionId);
        return new EnsembleTrainer(EnsembleKinds.discover()).train(ensemble, resolved, options());
    }

    /**
     * The combiner of fold k is fitted on the rows before fold k's test part, each scored by a base model that never
     * trained on it (the validation parts of folds 0..k); the final one on every such row. Never on a base's
     * predictions for rows it trained on: not on its final model, which saw them all.
     */
    @Test
    void theCombinerIsFedOutOfFoldPredictionsOnly() {
        MaxEnsembleKind.FITTED_ON.clear();
        TrainedArtifact max = train(ensemble("max", "test-max", Map.of()), "exec-1");

        List<FoldPredictions> gbdtFolds = bases.get("gbdt").harness().outOfFold().folds();
        List<double[][]> fits = MaxEnsembleKind.FITTED_ON;
        assertThat(fits).hasSize(gbdtFolds.size() + 1);
        int rows = 0;
        for (int k = 0; k < gbdtFolds.size(); k++) {
            rows += gbdtFolds.get(k).validation().count();
            assertThat(fits.get(k)).as("fold %d", k).hasNumberOfRows(rows);
            assertThat(max.evaluation().folds().get(k).trainRows()).isEqualTo(rows);
            assertThat(max.evaluation().folds().get(k).test().rows()).isEqualTo(gbdtFolds.get(k).test().count());
        }
        int last = gbdtFolds.size() - 1;
        assertThat(fits.get(last + 1)).hasNumberOfRows(rows + gbdtFolds.get(last).test().count());

        // fold 0's combiner saw exactly fold 0's validation predictions of each base (calibrated as the base scores)
        double[] gbdtColumn = column(fits.get(0), 0);
        double[] logisticColumn = column(fits.get(0), 1);
        assertThat(gbdtColumn).containsExactly(gbdtFolds.get(0).calibratedValidation());
        assertThat(logisticColumn).containsExactly(bases.get("logistic").harness().outOfFold().folds().get(0)
                .calibratedValidation());
        // ... which are not what the final base model says about those rows, having trained on them
        FoldPredictions.Part block1 = gbdtFolds.get(0).validation();
        try (FittedModel finalGbdt = ModelKinds.discover().require("gbdt", "lightgbm")
                .load(bases.get("gbdt").modelText())) {
            double[] inSample = finalGbdt.predict(data.rows(block1.fromRow(), block1.toRow()));
            assertThat(inSample).isNotEqualTo(gbdtColumn);
        }
    }

    @Test
    void anEnsembleRegistersWithItsLineageAndScoresThroughItsBases() {
        ModelSpec stack = ensemble("stack", "logistic-stack", Map.of()).withCalibration("isotonic");
        TrainedArtifact a = train(stack, "exec-2");
        ModelVersion version = TestRegistry.register(registry, stack, a, run("exec-2"));

        assertThat(a.harness().baseVersions()).containsExactly("gbdt#v1", "logistic#v1");
        assertThat(version.baseVersions()).containsExactly("gbdt#v1", "logistic#v1");
        assertThat(registry.version("stack", 1).orElseThrow().baseVersions()).containsExactly("gbdt#v1", "logistic#v1");
        assertThat(version.metrics()).containsKeys("auc", "log_loss", "brier", "ece", "f1");
        for (FoldResult f : a.evaluation().folds()) {
            assertThat(f.test().auc()).isGreaterThan(0.6);
        }

        try (ScoringModel scoring = ScoringModel.load(registry, version);
             ScoringModel gbdt = ScoringModel.load(registry, registry.version("gbdt#v1").orElseThrow());
             ScoringModel logistic = ScoringModel.load(registry, registry.version("logistic#v1").orElseThrow())) {
            var rows = data.rows(data.rowCount() - 500, data.rowCount());
            double[] g = gbdt.score(rows);
            double[] l = logistic.score(rows);
            FittedEnsemble combiner = new LogisticStackKind().load(a.modelText());
            double[] expected = new double[rows.count()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = a.harness().calibrator().apply(combiner.combine(new double[]{g[i], l[i]}));
            }
            assertThat(scoring.baseVersions()).containsExactly("gbdt#v1", "logistic#v1");
            assertThat(scoring.score(rows)).containsExactly(expected, within(1e-12));
        }
    }

    @Test
    void anEnsembleKindOnlyOnTheTestClassPathTrainsLikeTheShippedOnes() {
        assertThat(EnsembleKinds.discover().names()).contains("blend", "logistic-stack", "test-max");
        TrainedArtifact blend = train(ensemble("blend", "blend", Map.of("weighting", "auc")), "exec-1");
        TrainedArtifact max = train(ensemble("max", "test-max", Map.of()), "exec-1");
        assertThat(blend.evaluation().aggregate()).containsKeys("auc", "brier", "ece");
        assertThat(max.evaluation().aggregate().get("auc")).isGreaterThan(0.6);
        assertThat(max.modelText()).isEqualTo("max");
        assertThat(max.kind()).isEqualTo("test-max");
    }

    @Test
    void basesEvaluatedOnOtherRowsAreRefusedNamingBothVersions() {
        ModelRegistry other = TestRegistry.fresh();
        Dataset shorter = HarnessData.balanced(5_000, 3);
        TestRegistry.register(other, SPECS.get("gbdt"), new Trainer().train(SPECS.get("gbdt"), data, options()),
                run("exec-9"));
        TestRegistry.register(other, SPECS.get("logistic"),
                new Trainer().train(SPECS.get("logistic"), shorter, options()), run("exec-9"));
        ModelSpec blend = ensemble("blend", "blend", Map.of());
        assertThatThrownBy(() -> BaseVersions.resolve(blend, id -> Optional.ofNullable(SPECS.get(id)), other, "exec-9"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("spec 'blend': base versions gbdt#v1 and logistic#v1 were evaluated on"
                        + " different rows (fold 0 validation: rows 1200..2400")
                .hasMessageEndingWith("train the bases on the same data");
        assertThatThrownBy(() -> BaseVersions.resolve(blend, id -> Optional.ofNullable(SPECS.get(id)),
                TestRegistry.fresh(), null))
                .hasMessage("spec 'blend': base 'gbdt' has no registered version under label 'gbdt'; train it first");
    }

    @Test
    void anEnsembleTakesNeitherClassWeightsNorASearch() {
        Trainer trainer = new Trainer();
        assertThatThrownBy(() -> trainer.validate(ensemble("e", "blend", Map.of()).withClassBalance("auto")))
                .hasMessage("spec 'e': field 'class_balance': an ensemble combines its bases' probabilities and takes"
                        + " no class weights (expected none)");
        assertThatThrownBy(() -> trainer.validate(HarnessData.spec("e", "blend", data, Map.of())))
                .hasMessage("spec 'e': field 'bases': kind 'blend' is an ensemble kind and needs the bases it combines");
        assertThatThrownBy(() -> trainer.validate(ensemble("e", "lightgbm", Map.of())))
                .hasMessageStartingWith("spec 'e': field 'kind': 'lightgbm' is not an ensemble kind");
    }

    private static double[] column(double[][] rows, int b) {
        return Arrays.stream(rows).mapToDouble(r -> r[b]).toArray();
    }

    private static RunContext run(String executionId) {
        return new RunContext(executionId, "job-" + executionId, "abc123", "sha256:feed", "local", null);
    }

    private static TrainOptions options() {
        return TrainOptions.defaults().withThreads(1).withIds("job", "exec");
    }
}
