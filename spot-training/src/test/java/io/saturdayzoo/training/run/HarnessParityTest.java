package io.saturdayzoo.training.run;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.HarnessData;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.lightgbm.NativeLightGbm;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness adds nothing to a model: a spec trained through {@link Trainer} (class balance none, no calibrator)
 * scores every row exactly as the same rows, params and seed trained by LightGBM's own API do.
 */
class HarnessParityTest {
    private static final Map<String, Object> PARAMS = Map.of("num_iterations", 40, "num_leaves", 15,
            "learning_rate", 0.1, "feature_fraction", 0.8, "bagging_fraction", 0.8, "bagging_freq", 1);
    /** The same params as LightGBM spells them, written out here rather than taken from the kind. */
    private static final String NATIVE_PARAMS = "objective=binary boosting=gbdt seed=1 num_threads=1"
            + " deterministic=true force_col_wise=true verbosity=-1 num_leaves=15 learning_rate=0.1"
            + " feature_fraction=0.8 bagging_fraction=0.8 bagging_freq=1";

    @Test
    void harnessAndLightGbmDirectlyGiveTheSamePredictionsToOneInABillion() throws Exception {
        Dataset data = HarnessData.balanced();
        ModelSpec spec = HarnessData.spec("parity", "lightgbm", data, PARAMS).withClassBalance("none")
                .withCalibration("none");
        TrainedArtifact artifact = new Trainer().train(spec, data, TrainOptions.defaults().withThreads(1));

        double[] harness;
        try (FittedModel model = ModelKinds.discover().require("parity", "lightgbm").load(artifact.modelText())) {
            harness = artifact.harness().calibrator().apply(model.predict(data.all()));
        }
        double[] direct = lightGbmDirectly(data.all());

        assertThat(harness).hasSize(data.rowCount());
        double worst = 0;
        for (int i = 0; i < harness.length; i++) {
            worst = Math.max(worst, Math.abs(harness[i] - direct[i]));
        }
        assertThat(worst).isLessThanOrEqualTo(1e-9);
        // not vacuous: the model separates the classes, so equal predictions mean equal trees
        assertThat(artifact.evaluation().aggregate().get("auc")).isGreaterThan(0.6);
    }

    @Test
    void aDifferentSeedIsNotTheSameModel() throws Exception {
        Dataset data = HarnessData.balanced();
        TrainedArtifact artifact = new Trainer().train(HarnessData.spec("parity", "lightgbm", data, PARAMS), data,
                TrainOptions.defaults().withThreads(1));
        double[] otherSeed = lightGbmDirectly(data.all(), NATIVE_PARAMS.replace("seed=1", "seed=2"));
        try (FittedModel model = ModelKinds.discover().require("parity", "lightgbm").load(artifact.modelText())) {
            assertThat(model.predict(data.all())).isNotEqualTo(otherSeed); // bagging and feature sampling follow it
        }
    }

    private static double[] lightGbmDirectly(Rows rows) throws Exception {
        return lightGbmDirectly(rows, NATIVE_PARAMS);
    }

    private static double[] lightGbmDirectly(Rows rows, String params) throws Exception {
        NativeLightGbm.load();
        int cols = rows.dataset().featureCount();
        float[] matrix = new float[rows.count() * cols];
        for (int r = 0; r < rows.count(); r++) {
            for (int c = 0; c < cols; c++) {
                matrix[r * cols + c] = rows.value(r, c);
            }
        }
        try (LGBMDataset set = LGBMDataset.createFromMat(matrix, rows.count(), cols, true, params, null)) {
            set.setField("label", rows.labels());
            LGBMBooster booster = LGBMBooster.create(set, params);
            try {
                for (int i = 0; i < 40; i++) {
                    booster.updateOneIter();
                }
                return booster.predictForMat(matrix, rows.count(), cols, true, PredictionType.C_API_PREDICT_NORMAL);
            } finally {
                booster.close();
            }
        }
    }
}
