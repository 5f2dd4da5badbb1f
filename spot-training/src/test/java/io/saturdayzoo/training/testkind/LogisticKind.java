package io.saturdayzoo.training.testkind;

import io.saturdayzoo.training.balance.ClassWeighting;
import io.saturdayzoo.training.balance.ClassWeights;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.kind.ParamSchema;
import io.saturdayzoo.training.search.SearchSpace;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A kind that exists only on the test class path (its own service file in src/test/resources): plain logistic
 * regression by batch gradient descent. Proves a new kind is one class + one service line. Takes class weights one
 * per row (where LightGBM takes scale_pos_weight). Counts its fits so checkpoint tests can see which folds were
 * retrained.
 */
public final class LogisticKind implements ModelKind {
    public static final AtomicInteger FITS = new AtomicInteger();
    /** Every row range it was fitted on ("fit 0-1200") or scored ("predict 1200-2400"), in order. */
    public static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "test-logistic";
    }

    @Override
    public ParamSchema params() {
        return new ParamSchema().integer("epochs", 30).decimal("step", 0.5);
    }

    @Override
    public SearchSpace searchSpace() {
        return SearchSpace.NONE.decimalLog("step", 0.05, 1.0).integer("epochs", 2, 8);
    }

    @Override
    public ClassWeighting classWeighting() {
        return ClassWeighting.rowWeights();
    }

    @Override
    public FittedModel fit(Rows train, Rows validation, KindParams params, FitOptions options) {
        FITS.incrementAndGet();
        SEEN.add("fit " + train.from() + "-" + train.to());
        int d = train.dataset().featureCount();
        double[] w = new double[d + 1];
        double[] grad = new double[d + 1];
        ClassWeights weights = options.classWeights();
        for (int epoch = 0; epoch < params.integer("epochs"); epoch++) {
            Arrays.fill(grad, 0);
            for (int i = 0; i < train.count(); i++) {
                double rowWeight = weights == null ? 1 : weights.rowWeight(train.label(i));
                double err = rowWeight * (sigmoid(score(w, train, i)) - train.label(i));
                for (int j = 0; j < d; j++) {
                    grad[j] += err * value(train, i, j);
                }
                grad[d] += err;
            }
            for (int j = 0; j <= d; j++) {
                w[j] -= params.decimal("step") * grad[j] / train.count();
            }
        }
        return new Model(w);
    }

    @Override
    public FittedModel load(String modelText) {
        return new Model(Arrays.stream(modelText.trim().split(" ")).mapToDouble(Double::parseDouble).toArray());
    }

    private static double value(Rows rows, int i, int j) {
        float v = rows.value(i, j);
        return Float.isNaN(v) ? 0 : v;
    }

    private static double score(double[] w, Rows rows, int i) {
        double s = w[w.length - 1];
        for (int j = 0; j < w.length - 1; j++) {
            s += w[j] * value(rows, i, j);
        }
        return s;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private record Model(double[] w) implements FittedModel {
        @Override
        public double[] predict(Rows rows) {
            SEEN.add("predict " + rows.from() + "-" + rows.to());
            double[] out = new double[rows.count()];
            for (int i = 0; i < out.length; i++) {
                out[i] = sigmoid(score(w, rows, i));
            }
            return out;
        }

        @Override
        public String modelText() {
            StringBuilder sb = new StringBuilder();
            for (double v : w) {
                sb.append(String.format(Locale.ROOT, "%.17g ", v));
            }
            return sb.toString().trim();
        }
    }
}
