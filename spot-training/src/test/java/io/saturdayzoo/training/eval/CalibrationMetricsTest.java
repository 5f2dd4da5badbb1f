package io.saturdayzoo.training.eval;

import io.saturdayzoo.training.HarnessData;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.TrainedArtifact;
import io.saturdayzoo.training.run.Trainer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationMetricsTest {

    @Test
    void brierAndEceOnKnownValues() {
        float[] labels = {1, 0, 1, 0};
        assertThat(BinaryMetrics.brier(labels, new double[]{1, 0, 1, 0})).isZero();
        assertThat(BinaryMetrics.brier(labels, new double[]{0.5, 0.5, 0.5, 0.5})).isEqualTo(0.25);
        // all in one bin (0.5-0.6): mean p 0.5, rate 0.5
        assertThat(BinaryMetrics.expectedCalibrationError(labels, new double[]{0.5, 0.5, 0.5, 0.5}, 10)).isZero();
        // bin 0.9-1.0 holds {1: 0.9, 0: 0.9}: |0.9 - 0.5| for half the rows; bin 0.1-0.2 holds {1: 0.1, 0: 0.1}: 0.4
        assertThat(BinaryMetrics.expectedCalibrationError(labels, new double[]{0.9, 0.9, 0.1, 0.1}, 10))
                .isCloseTo(0.4, within(1e-12));
        // a probability of exactly 1 belongs to the last bin
        assertThat(BinaryMetrics.expectedCalibrationError(new float[]{1}, new double[]{1.0}, 10)).isZero();
    }

    @Test
    void everyKindHasBrierAndEceInEveryFoldAndTheAggregate() {
        Dataset data = HarnessData.balanced();
        for (String kind : List.of("lightgbm", "lightgbm-dart", "test-logistic")) {
            Map<String, Object> params = kind.equals("test-logistic") ? Map.of("epochs", 5)
                    : Map.of("num_iterations", 15, "num_leaves", 7);
            TrainedArtifact a = new Trainer().train(HarnessData.spec("m-" + kind, kind, data, params), data,
                    TrainOptions.defaults().withThreads(1));
            for (FoldResult f : a.evaluation().folds()) {
                for (SplitMetrics part : List.of(f.validation(), f.test())) {
                    assertThat(part.asMap()).as(kind).containsKeys("auc", "log_loss", "f1", "brier", "ece")
                            .containsEntry("ece_bins", 10.0);
                    assertThat(part.brier()).as(kind).isBetween(0.0, 0.3);
                    assertThat(part.ece()).as(kind).isBetween(0.0, 0.5);
                }
            }
            assertThat(a.evaluation().aggregate()).as(kind).containsKeys("brier", "ece", "ece_bins")
                    .allSatisfy((name, value) -> assertThat(value).as(kind + " " + name).isFinite());
        }
    }
}
