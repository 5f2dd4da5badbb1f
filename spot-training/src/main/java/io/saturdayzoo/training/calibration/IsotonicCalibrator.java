package io.saturdayzoo.training.calibration;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Isotonic regression: the non-decreasing step function of the score closest to the labels (pool adjacent
 * violators), interpolated linearly between the ends of its steps and held flat beyond the first and last. It can
 * straighten any monotone distortion, at the price of needing more validation rows than Platt's two numbers.
 *
 * <p>Written here: no isotonic regression resolves on the build's mirror under a licence the project can ship
 * (Smile's is GPL), and pool-adjacent-violators is one loop.
 *
 * @param x the scores where the steps begin and end, ascending
 * @param y the calibrated probability at each of {@code x}
 */
public record IsotonicCalibrator(@JsonProperty("x") double[] x, @JsonProperty("y") double[] y,
                                 @JsonProperty("fitted_on_rows") int fittedOnRows) implements Calibrator {

    public IsotonicCalibrator {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("isotonic calibrator needs as many x as y, at least one, got "
                    + x.length + " and " + y.length);
        }
    }

    public static IsotonicCalibrator fit(float[] labels, double[] scores) {
        int n = scores.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a calibrator on zero rows");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(scores[i], scores[j]));
        // blocks of tied scores first (they must share a value), then pooled while they violate monotonicity
        List<double[]> blocks = new ArrayList<>(); // {sum of labels, rows, min score, max score}
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last != null && last[3] == scores[i]) {
                last[0] += labels[i];
                last[1]++;
            } else {
                blocks.add(new double[]{labels[i], 1, scores[i], scores[i]});
            }
            while (blocks.size() > 1) {
                double[] b = blocks.get(blocks.size() - 1);
                double[] a = blocks.get(blocks.size() - 2);
                if (a[0] / a[1] < b[0] / b[1]) {
                    break;
                }
                a[0] += b[0];
                a[1] += b[1];
                a[3] = b[3];
                blocks.remove(blocks.size() - 1);
            }
        }
        List<double[]> points = new ArrayList<>();
        for (double[] b : blocks) {
            double value = b[0] / b[1];
            points.add(new double[]{b[2], value});
            if (b[3] > b[2]) {
                points.add(new double[]{b[3], value});
            }
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int k = 0; k < points.size(); k++) {
            xs[k] = points.get(k)[0];
            ys[k] = points.get(k)[1];
        }
        return new IsotonicCalibrator(xs, ys, n);
    }

    @Override
    public Calibration method() {
        return Calibration.ISOTONIC;
    }

    @Override
    public double apply(double score) {
        if (score <= x[0]) {
            return y[0];
        }
        if (score >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int hi = Arrays.binarySearch(x, score);
        if (hi >= 0) {
            return y[hi];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double t = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }
}
