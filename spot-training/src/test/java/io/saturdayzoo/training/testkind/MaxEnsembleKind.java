package io.saturdayzoo.training.testkind;

import io.saturdayzoo.training.ensemble.EnsembleKind;
import io.saturdayzoo.training.ensemble.FittedEnsemble;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ParamSchema;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An ensemble kind that exists only on the test class path (its own service file in src/test/resources): the most
 * confident base wins. Proves a new ensemble kind is one class + one service line, and records what it is fitted on.
 */
public final class MaxEnsembleKind implements EnsembleKind {
    /** The base scores of every fit, in order: what the harness fed the combiner. */
    public static final List<double[][]> FITTED_ON = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "test-max";
    }

    @Override
    public ParamSchema params() {
        return new ParamSchema();
    }

    @Override
    public FittedEnsemble fit(double[][] baseScores, float[] labels, KindParams params) {
        FITTED_ON.add(baseScores);
        return new Max();
    }

    @Override
    public FittedEnsemble load(String modelText) {
        if (!"max".equals(modelText)) {
            throw new IllegalArgumentException("not a test-max combiner: " + modelText);
        }
        return new Max();
    }

    private static final class Max implements FittedEnsemble {
        @Override
        public double combine(double[] baseScores) {
            double max = 0;
            for (double p : baseScores) {
                max = Math.max(max, p);
            }
            return max;
        }

        @Override
        public String modelText() {
            return "max";
        }
    }
}
