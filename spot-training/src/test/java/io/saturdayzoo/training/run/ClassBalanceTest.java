package io.saturdayzoo.training.run;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.HarnessData;
import io.saturdayzoo.training.balance.ClassWeights;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.WalkForward;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.kind.ParamSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Class balance is one step of the harness: weights from training rows only, through the kind, then a threshold. */
class ClassBalanceTest {
    private static final Map<String, Object> GBDT = Map.of("num_iterations", 60, "num_leaves", 15);

    @Test
    void weightsComeFromEachTrainingFoldOnlyAndAreAnnouncedAlikeForEveryKind() {
        Dataset data = HarnessData.imbalanced();
        List<Fold> folds = WalkForward.plan(data, 3);
        Set<Set<String>> detailShapes = new java.util.HashSet<>();
        for (String kind : List.of("lightgbm", "test-logistic")) {
            List<Map<String, Object>> events = new ArrayList<>();
            Map<String, Object> params = kind.equals("lightgbm") ? GBDT : Map.of("epochs", 5);
            TrainedArtifact a = new Trainer().train(HarnessData.spec("balanced-" + kind, kind, data, params)
                    .withClassBalance("auto"), data, options().withEvents(TrainingEvents.to(events::add)));

            List<Map<String, Object>> applied = events.stream()
                    .filter(e -> e.get("event").equals("class_balance_applied")).toList();
            assertThat(applied).hasSize(folds.size() + 1); // every fold, then the final model
            for (int k = 0; k < folds.size(); k++) {
                ClassWeights fromTrainingRows = ClassWeights.of(folds.get(k).train().labels());
                assertThat(applied.get(k).get("fold")).isEqualTo(k);
                assertThat(detail(applied.get(k))).containsEntry("positives", fromTrainingRows.positives())
                        .containsEntry("negatives", fromTrainingRows.negatives())
                        .containsEntry("weight", fromTrainingRows.positiveWeight());
                assertThat(a.evaluation().folds().get(k).classWeights()).isEqualTo(fromTrainingRows);
            }
            // the validation and test rows of the last fold are not in any fold's weights: only the final model's
            Map<String, Object> last = detail(applied.get(folds.size()));
            assertThat(applied.get(folds.size()).get("fold")).isNull();
            assertThat(last.get("positives")).isEqualTo(ClassWeights.of(data.all().labels()).positives());
            assertThat(detail(applied.get(0)).get("method"))
                    .isEqualTo(kind.equals("lightgbm") ? "scale_pos_weight" : "row_weights");
            assertThat((double) detail(applied.get(0)).get("weight")).isGreaterThan(5); // ~8% positives
            applied.forEach(e -> detailShapes.add(detail(e).keySet()));
        }
        assertThat(detailShapes).containsExactly(Set.of("positives", "negatives", "weight", "method"));
    }

    /**
     * The failure this step exists to prevent: a harness that lets the class weights into the threshold sweep (a
     * weighted F1) picks a threshold far below what the rows support, and flags too many. The harness picks it on
     * the validation rows as they are, after the weighted fit, and its test F1 stays close to the best any
     * threshold could have had on the test rows.
     */
    @Test
    void aWeightedModelsThresholdIsNotDraggedLowByTheWeights() {
        Dataset data = HarnessData.imbalanced();
        TrainedArtifact weighted = new Trainer().train(HarnessData.spec("weighted", "lightgbm", data, GBDT)
                .withClassBalance("auto"), data, options());
        for (int k = 0; k < weighted.evaluation().folds().size(); k++) {
            FoldPredictions fold = weighted.harness().outOfFold().folds().get(k);
            double weight = weighted.evaluation().folds().get(k).classWeights().positiveWeight();
            float[] validLabels = fold.validation().labels();
            double[] valid = fold.calibratedValidation();
            float[] testLabels = fold.test().labels();
            double[] test = fold.calibratedTest();

            double harness = weighted.evaluation().folds().get(k).validation().threshold();
            double naive = weightedF1Threshold(validLabels, valid, weight);
            double harnessF1 = BinaryMetrics.at(testLabels, test, harness).f1();
            double naiveF1 = BinaryMetrics.at(testLabels, test, naive).f1();
            double bestPossible = BinaryMetrics.at(testLabels, test, BinaryMetrics.bestF1Threshold(testLabels, test)).f1();

            assertThat(harness).as("fold %d threshold", k).isGreaterThan(naive);
            assertThat(harnessF1).as("fold %d test F1", k).isGreaterThan(naiveF1)
                    .isGreaterThanOrEqualTo(0.85 * bestPossible);
            // the naive threshold flags far more rows than there are positives
            assertThat(flagged(test, naive)).isGreaterThan(2 * positives(testLabels));
            assertThat(weighted.evaluation().folds().get(k).test().f1()).isEqualTo(harnessF1);
        }
    }

    @Test
    void autoWithAHandSetWeightIsRefusedWithTheWayOut() {
        Dataset data = HarnessData.balanced();
        Trainer trainer = new Trainer();
        assertThatThrownBy(() -> trainer.validate(HarnessData.spec("fraud", "lightgbm", data,
                Map.of("scale_pos_weight", 20)).withClassBalance("auto")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec 'fraud': field 'params.scale_pos_weight': weights the classes by hand, and"
                        + " class_balance 'auto' computes the weight from each training fold; remove"
                        + " 'scale_pos_weight' (or set class_balance to 'none' to keep the hand-set weight)");
        assertThatThrownBy(() -> trainer.validate(HarnessData.spec("upsell", "lightgbm", data,
                Map.of("is_unbalance", true)).withClassBalance("auto")))
                .hasMessageStartingWith("spec 'upsell': field 'params.is_unbalance': weights the classes by hand");
        // a hand-set weight without auto keeps working as before
        assertThat(trainer.validate(HarnessData.spec("fraud", "lightgbm", data, Map.of("scale_pos_weight", 20)))
                .decimal("scale_pos_weight")).isEqualTo(20.0);
        assertThatThrownBy(() -> trainer.validate(HarnessData.spec("x", "lightgbm", data, Map.of())
                .withClassBalance("sometimes")))
                .hasMessage("spec 'x': field 'class_balance': unknown value 'sometimes' (expected auto|none)");
    }

    @Test
    void aKindThatCannotTakeWeightsSaysSo() {
        ModelKind unweighted = new ModelKind() {
            @Override
            public String name() {
                return "no-weights";
            }

            @Override
            public ParamSchema params() {
                return new ParamSchema();
            }

            @Override
            public FittedModel fit(Rows train, Rows validation, KindParams params, FitOptions options) {
                throw new AssertionError("never fitted");
            }

            @Override
            public FittedModel load(String modelText) {
                throw new AssertionError("never loaded");
            }
        };
        ModelSpec spec = HarnessData.spec("s", "no-weights", HarnessData.balanced(), Map.of()).withClassBalance("auto");
        assertThatThrownBy(() -> HarnessOptions.of(spec, unweighted)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec 's': field 'class_balance': kind 'no-weights' cannot take class weights, so 'auto'"
                        + " is not possible (expected none)");
    }

    /** What a harness that weights the threshold sweep would pick: F1 with each positive counted `weight` times. */
    private static double weightedF1Threshold(float[] labels, double[] scores, double weight) {
        double best = -1;
        double bestThreshold = 1;
        for (double t : java.util.Arrays.stream(scores).distinct().sorted().toArray()) {
            double tp = 0;
            double fp = 0;
            double fn = 0;
            for (int i = 0; i < labels.length; i++) {
                boolean flagged = scores[i] >= t;
                if (labels[i] == 1f) {
                    tp += flagged ? weight : 0;
                    fn += flagged ? 0 : weight;
                } else if (flagged) {
                    fp++;
                }
            }
            double f1 = 2 * tp / (2 * tp + fp + fn);
            if (f1 > best) {
                best = f1;
                bestThreshold = t;
            }
        }
        return bestThreshold;
    }

    private static long flagged(double[] scores, double threshold) {
        return java.util.Arrays.stream(scores).filter(s -> s >= threshold).count();
    }

    private static long positives(float[] labels) {
        long n = 0;
        for (float l : labels) {
            n += l == 1f ? 1 : 0;
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }

    private static TrainOptions options() {
        return TrainOptions.defaults().withThreads(1);
    }
}
