package io.saturdayzoo.training.ensemble;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.calibration.LogisticFit;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ParamSchema;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * "logistic-stack": a logistic regression on the logits of the bases' probabilities (stacking). It learns how much
 * to trust each base and can undo a shared bias, where a blend only averages. {@code l2} keeps the weights of two
 * nearly identical bases from running off in opposite directions.
 */
public final class LogisticStackKind implements EnsembleKind {
    private static final String L2 = "l2";
    private static final String MAX_ITERATIONS = "max_iterations";

    @Override
    public String name() {
        return "logistic-stack";
    }

    @Override
    public ParamSchema params() {
        return new ParamSchema().decimal(L2, 1.0).integer(MAX_ITERATIONS, 50);
    }

    @Override
    public FittedEnsemble fit(double[][] baseScores, float[] labels, KindParams params) {
        double[][] x = new double[baseScores.length][];
        double[] targets = new double[baseScores.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = logits(baseScores[i]);
            targets[i] = labels[i];
        }
        LogisticFit.Coefficients c = LogisticFit.fit(x, targets, params.decimal(L2), params.integer(MAX_ITERATIONS));
        return new Stack(c.weights(), c.intercept());
    }

    @Override
    public FittedEnsemble load(String modelText) {
        try {
            return ZooJson.mapper().readValue(modelText, Stack.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a logistic stack: " + e.getMessage(), e);
        }
    }

    private static double[] logits(double[] p) {
        double[] out = new double[p.length];
        for (int b = 0; b < p.length; b++) {
            out[b] = LogisticFit.logit(p[b]);
        }
        return out;
    }

    /** p = sigmoid(intercept + sum of weight x logit(base probability)). */
    record Stack(@JsonProperty("weights") double[] weights, @JsonProperty("intercept") double intercept)
            implements FittedEnsemble {
        @Override
        public double combine(double[] baseScores) {
            return new LogisticFit.Coefficients(weights, intercept).probability(logits(baseScores));
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
