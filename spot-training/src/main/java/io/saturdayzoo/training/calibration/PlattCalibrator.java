package io.saturdayzoo.training.calibration;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Platt scaling: p = sigmoid(a * logit(score) + b), a logistic regression of the labels on the score's logit, with
 * Platt's smoothed targets ((positives + 1) / (positives + 2) and 1 / (negatives + 2)) so a cleanly separated
 * validation set still gives finite a and b. Two numbers: it fixes a model that is over- or under-confident
 * everywhere, and cannot bend; {@link IsotonicCalibrator} can.
 */
public record PlattCalibrator(@JsonProperty("a") double a, @JsonProperty("b") double b,
                              @JsonProperty("fitted_on_rows") int fittedOnRows) implements Calibrator {

    private static final int MAX_ITERATIONS = 100;

    public static PlattCalibrator fit(float[] labels, double[] scores) {
        long positives = 0;
        for (float l : labels) {
            if (l == 1f) {
                positives++;
            }
        }
        long negatives = labels.length - positives;
        double hi = (positives + 1.0) / (positives + 2.0);
        double lo = 1.0 / (negatives + 2.0);
        double[][] x = new double[labels.length][1];
        double[] targets = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            x[i][0] = LogisticFit.logit(scores[i]);
            targets[i] = labels[i] == 1f ? hi : lo;
        }
        LogisticFit.Coefficients c = LogisticFit.fit(x, targets, 0, MAX_ITERATIONS);
        return new PlattCalibrator(c.weights()[0], c.intercept(), labels.length);
    }

    @Override
    public Calibration method() {
        return Calibration.PLATT;
    }

    @Override
    public double apply(double score) {
        return LogisticFit.sigmoid(a * LogisticFit.logit(score) + b);
    }
}
