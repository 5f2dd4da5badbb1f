package io.saturdayzoo.training.lightgbm;

import io.saturdayzoo.training.TestData;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.KindParams;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** LightGBM's init_model through the C API: the parent's trees first, then the new ones, in one model file. */
class WarmStartTest {
    private static final Pattern TREE = Pattern.compile("(?m)^Tree=\\d+$");

    private final LightGbmKind gbdt = new LightGbmKind();
    private final FitOptions fit = new FitOptions(2, 1);

    @Test
    void aWarmStartedModelHoldsTheParentsTreesThenTheNewOnes() {
        Dataset d = TestData.dataset();
        int half = d.rowCount() / 2;
        Rows parentRows = d.rows(0, half);
        Rows newRows = d.rows(half, d.rowCount());
        try (FittedModel parent = gbdt.fit(parentRows, d.rows(half, half), params(20), fit);
             FittedModel child = gbdt.fitFrom(parent, newRows, params(12), fit)) {
            assertThat(trees(parent)).isEqualTo(20);
            assertThat(trees(child)).isEqualTo(20 + 12);

            // the child's first 20 iterations are the parent: the same raw scores on the parent's rows
            double[] parentScores = ((LightGbmFamily.LightGbmModel) parent).rawScores(parentRows, -1);
            double[] childPrefix = ((LightGbmFamily.LightGbmModel) child).rawScores(parentRows, 20);
            assertThat(childPrefix).hasSize(parentScores.length);
            for (int i = 0; i < parentScores.length; i++) {
                assertThat(childPrefix[i]).as("row %d", i).isCloseTo(parentScores[i], within(1e-9));
            }
            // and the new trees changed them: the child is not the parent
            double[] childAll = ((LightGbmFamily.LightGbmModel) child).rawScores(newRows, -1);
            double[] parentOnNew = ((LightGbmFamily.LightGbmModel) parent).rawScores(newRows, -1);
            assertThat(childAll).isNotEqualTo(parentOnNew);

            // the saved file reloads as the same model
            try (FittedModel reloaded = gbdt.load(child.modelText())) {
                assertThat(trees(reloaded)).isEqualTo(32);
                assertThat(reloaded.predict(newRows)).containsExactly(child.predict(newRows), within(1e-12));
            }
            assertThat(BinaryMetrics.auc(d.labels(half, d.rowCount()), child.predict(newRows))).isGreaterThan(0.65);
        }
    }

    @Test
    void aParentOfOtherFeaturesOrAnotherKindIsRefusedWithTheReason() {
        Dataset d = TestData.dataset();
        try (FittedModel parent = gbdt.fit(d.rows(0, 1000), d.rows(1000, 1000), params(5), fit)) {
            List<String> features = d.featureNames();
            assertThat(gbdt.whyNoWarmStart(parent, features)).isEmpty();
            List<String> renamed = features.stream().map(f -> f + "_x").toList();
            assertThat(gbdt.whyNoWarmStart(parent, renamed)).get().asString()
                    .contains("the parent's model has features").contains(renamed.get(0));
            assertThat(new LightGbmDartKind().whyNoWarmStart(parent, features)).get().asString()
                    .contains("lightgbm-dart").contains("trains from scratch");
        }
    }

    private KindParams params(int iterations) {
        return gbdt.params().resolve("warm", gbdt.name(), Map.of("num_iterations", iterations, "num_leaves", 15));
    }

    private static long trees(FittedModel model) {
        return TREE.matcher(model.modelText()).results().count();
    }
}
