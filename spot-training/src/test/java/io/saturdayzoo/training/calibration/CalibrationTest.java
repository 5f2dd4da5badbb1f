package io.saturdayzoo.training.calibration;

import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.HarnessData;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.TrainedArtifact;
import io.saturdayzoo.training.run.Trainer;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {

    @Test
    void isotonicPoolsAdjacentViolatorsAndInterpolatesBetweenSteps() {
        IsotonicCalibrator c = IsotonicCalibrator.fit(new float[]{0, 1, 0, 1}, new double[]{0.1, 0.2, 0.3, 0.4});
        assertThat(c.x()).containsExactly(0.1, 0.2, 0.3, 0.4);
        assertThat(c.y()).containsExactly(0.0, 0.5, 0.5, 1.0);
        assertThat(c.apply(0.05)).isEqualTo(0.0);
        assertThat(c.apply(0.25)).isEqualTo(0.5);
        assertThat(c.apply(0.35)).isCloseTo(0.75, within(1e-12));
        assertThat(c.apply(0.9)).isEqualTo(1.0);
        // tied scores share one value
        IsotonicCalibrator tied = IsotonicCalibrator.fit(new float[]{0, 1, 1, 0}, new double[]{0.2, 0.5, 0.5, 0.5});
        assertThat(tied.apply(0.5)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void plattUndoesAnOverconfidentModel() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 20_000;
        float[] labels = new float[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double z = rng.nextGaussian();
            labels[i] = rng.nextDouble() < LogisticFit.sigmoid(z) ? 1 : 0;
            scores[i] = LogisticFit.sigmoid(3 * z); // three times too sure of itself
        }
        PlattCalibrator c = PlattCalibrator.fit(labels, scores);
        assertThat(c.a()).isCloseTo(1.0 / 3, within(0.03));
        assertThat(c.b()).isCloseTo(0.0, within(0.05));
        assertThat(BinaryMetrics.expectedCalibrationError(labels, c.apply(scores), 10))
                .isLessThan(BinaryMetrics.expectedCalibrationError(labels, scores, 10) / 3);
    }

    /**
     * A model weighted towards the rare class is miscalibrated on purpose (its scores run high); a calibrator fitted
     * on validation rows only brings the test ECE down, and the registered metrics say so.
     */
    @Test
    void aCalibratorLowersTheTestEceOfADeliberatelyMiscalibratedModel() {
        Dataset data = HarnessData.imbalanced();
        Map<Calibration, Map<String, Double>> metrics = new EnumMap<>(Calibration.class);
        for (Calibration calibration : Calibration.values()) {
            TrainedArtifact a = new Trainer().train(HarnessData.spec("miscalibrated", "lightgbm", data,
                            Map.of("num_iterations", 60, "num_leaves", 15)).withClassBalance("auto")
                    .withCalibration(calibration.wireName()), data, TrainOptions.defaults().withThreads(1));
            assertThat(a.harness().calibrator().method()).isEqualTo(calibration);
            metrics.put(calibration, a.evaluation().aggregate());
        }
        double raw = metrics.get(Calibration.NONE).get("ece");
        assertThat(raw).isGreaterThan(0.1);
        assertThat(metrics.get(Calibration.ISOTONIC).get("ece")).isLessThan(raw / 2);
        assertThat(metrics.get(Calibration.PLATT).get("ece")).isLessThan(raw / 2);
        assertThat(metrics.get(Calibration.ISOTONIC).get("brier")).isLessThan(metrics.get(Calibration.NONE).get("brier"));
        // ranking is the model's: a monotone calibrator barely moves AUC
        assertThat(metrics.get(Calibration.PLATT).get("auc")).isCloseTo(metrics.get(Calibration.NONE).get("auc"),
                within(1e-9));
        metrics.values().forEach(m -> assertThat(m).containsEntry("ece_bins", 10.0).allSatisfy((name, value) ->
                assertThat(value).as(name).isFinite()));
    }

    @Test
    void calibratorsRoundTripThroughCalibratorJsonNamedByMethod() throws Exception {
        Calibrator isotonic = IsotonicCalibrator.fit(new float[]{0, 1, 0, 1}, new double[]{0.1, 0.2, 0.3, 0.4});
        Calibrator platt = new PlattCalibrator(0.5, -0.25, 100);
        for (Calibrator c : new Calibrator[]{isotonic, platt, Calibrator.Identity.INSTANCE}) {
            String json = ZooJson.mapper().writeValueAsString(c);
            assertThat(ZooJson.mapper().readTree(json).get("method").asText()).isEqualTo(c.method().wireName());
            Calibrator back = ZooJson.mapper().readValue(json, Calibrator.class);
            for (double s : new double[]{0.01, 0.15, 0.33, 0.5, 0.99}) {
                assertThat(back.apply(s)).isEqualTo(c.apply(s));
            }
        }
        assertThat(ZooJson.mapper().writeValueAsString(platt))
                .isEqualTo("{\"method\":\"platt\",\"a\":0.5,\"b\":-0.25,\"fitted_on_rows\":100}");
    }
}
