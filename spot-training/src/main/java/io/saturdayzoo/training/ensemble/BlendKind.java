package io.saturdayzoo.training.ensemble;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ParamSchema;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * "blend": a weighted mean of the bases' probabilities. {@code weighting: equal} gives each base the same weight;
 * {@code auc} weighs each by how far its out-of-fold AUC is above chance (a base no better than chance gets none).
 */
public final class BlendKind implements EnsembleKind {
    private static final String WEIGHTING = "weighting";

    @Override
    public String name() {
        return "blend";
    }

    @Override
    public ParamSchema params() {
        return new ParamSchema().choice(WEIGHTING, "equal", "auc");
    }

    @Override
    public FittedEnsemble fit(double[][] baseScores, float[] labels, KindParams params) {
        int bases = baseScores.length == 0 ? 0 : baseScores[0].length;
        double[] weights = new double[bases];
        for (int b = 0; b < bases; b++) {
            if (params.string(WEIGHTING).equals("equal")) {
                weights[b] = 1;
            } else {
                double[] column = new double[baseScores.length];
                for (int i = 0; i < column.length; i++) {
                    column[i] = baseScores[i][b];
                }
                weights[b] = Math.max(0, BinaryMetrics.auc(labels, column) - 0.5);
            }
        }
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        if (!(sum > 0)) {
            java.util.Arrays.fill(weights, 1.0); // no base beats chance: fall back to the plain mean
            sum = bases;
        }
        for (int b = 0; b < bases; b++) {
            weights[b] /= sum;
        }
        return new Blend(weights);
    }

    @Override
    public FittedEnsemble load(String modelText) {
        try {
            return ZooJson.mapper().readValue(modelText, Blend.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a blend: " + e.getMessage(), e);
        }
    }

    /** The weights, summing to 1, in the order of the bases. */
    record Blend(@JsonProperty("weights") double[] weights) implements FittedEnsemble {
        @Override
        public double combine(double[] baseScores) {
            double p = 0;
            for (int b = 0; b < weights.length; b++) {
                p += weights[b] * baseScores[b];
            }
            return p;
        }

        @Override
        public String modelText() {
            try {
                return ZooJson.mapper().writeValueAsString(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
