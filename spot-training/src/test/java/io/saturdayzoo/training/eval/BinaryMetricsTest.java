package io.saturdayzoo.training.eval;

import io.saturdayzoo.training.TestData;
import io.saturdayzoo.training.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BinaryMetricsTest {
    @Test
    void aucCountsTiesAsHalf() {
        float[] y = {0, 0, 1, 1};
        assertThat(BinaryMetrics.auc(y, new double[]{0.1, 0.4, 0.35, 0.8})).isCloseTo(0.75, within(1e-12));
        assertThat(BinaryMetrics.auc(y, new double[]{0.5, 0.5, 0.5, 0.5})).isCloseTo(0.5, within(1e-12));
        assertThat(BinaryMetrics.auc(y, new double[]{0.1, 0.2, 0.3, 0.4})).isEqualTo(1.0);
        assertThat(BinaryMetrics.auc(new float[]{1, 1}, new double[]{0.1, 0.2})).isNaN();
    }

    @Test
    void logLossIsFiniteEvenForConfidentMistakes() {
        assertThat(BinaryMetrics.logLoss(new float[]{1, 0}, new double[]{0.5, 0.5})).isCloseTo(Math.log(2), within(1e-12));
        assertThat(BinaryMetrics.logLoss(new float[]{1}, new double[]{0.0})).isFinite();
    }

    @Test
    void thresholdMaximisesF1OnTheRowsItIsGiven() {
        float[] y = {0, 0, 1, 0, 1, 1};
        double[] s = {0.1, 0.2, 0.3, 0.4, 0.8, 0.9};
        double t = BinaryMetrics.bestF1Threshold(y, s);
        assertThat(t).isEqualTo(0.3); // predicts 4 positives: tp=3, fp=1 -> F1 0.857, the best cut
        assertThat(BinaryMetrics.at(y, s, t).f1()).isCloseTo(6.0 / 7.0, within(1e-12));
    }

    @Test
    void undefinedMetricsFailNamingWhere() {
        assertThatThrownBy(() -> SplitMetrics.of("spec 'a' fold 1 test", new float[]{0, 0}, new double[]{0.2, 0.3}, 0.5))
                .isInstanceOf(MetricException.class)
                .hasMessage("spec 'a' fold 1 test: all 2 rows have label 0, so AUC is undefined (use more data or fewer folds)");
        assertThatThrownBy(() -> SplitMetrics.of("x", new float[0], new double[0], 0.5)).hasMessage("x: no rows to evaluate");
        assertThatThrownBy(() -> SplitMetrics.of("x", new float[]{0, 1}, new double[]{Double.NaN, 0.3}, 0.5))
                .hasMessageContaining("x: metric 'log_loss' is NaN");
    }

    @Test
    void walkForwardFoldsMoveForwardInTimeAndNeverSplitATimestamp() {
        Dataset d = TestData.dataset();
        List<Fold> folds = WalkForward.plan(d, 3);
        assertThat(folds).hasSize(3);
        for (Fold f : folds) {
            assertThat(f.train().from()).isZero();
            assertThat(f.validation().from()).isEqualTo(f.train().to());
            assertThat(f.test().from()).isEqualTo(f.validation().to());
            assertThat(d.time(f.validation().from())).isGreaterThan(d.time(f.train().to() - 1));
            assertThat(d.time(f.test().from())).isGreaterThan(d.time(f.validation().to() - 1));
        }
        assertThat(folds.get(2).test().to()).isEqualTo(d.rowCount());
        assertThatThrownBy(() -> WalkForward.plan(d, 2_000)).hasMessageContaining("too few for 2000 walk-forward folds");
    }
}
