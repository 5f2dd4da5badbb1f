package io.saturdayzoo.training.eval;

import java.util.Arrays;

/** Binary-classification metrics on (label, probability) pairs. Pure functions, the same for every kind. */
public final class BinaryMetrics {
    private static final double EPS = 1e-15;

    private BinaryMetrics() {
    }

    /** Area under the ROC curve (rank statistic, tied scores share their average rank). NaN if one class only. */
    public static double auc(float[] labels, double[] scores) {
        int n = labels.length;
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        // rank of each score = average position of its tie group in the sorted array (1-based)
        long positives = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] == 1f) {
                positives++;
                int lo = lowerBound(sorted, scores[i]);
                int hi = upperBound(sorted, scores[i]);
                rankSum += (lo + 1 + hi) / 2.0;
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean binary cross-entropy, probabilities clipped to [1e-15, 1 - 1e-15]. */
    public static double logLoss(float[] labels, double[] p) {
        if (labels.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            sum -= labels[i] == 1f ? Math.log(q) : Math.log(1 - q);
        }
        return sum / labels.length;
    }

    /** Brier score: the mean squared difference between the probability and the 0/1 label (0 is perfect). */
    public static double brier(float[] labels, double[] p) {
        if (labels.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double d = p[i] - labels[i];
            sum += d * d;
        }
        return sum / labels.length;
    }

    /**
     * Expected calibration error over {@code bins} equal-width probability bins: the row-weighted mean, over the
     * non-empty bins, of |mean predicted probability - observed positive rate|. 0 is perfectly calibrated.
     */
    public static double expectedCalibrationError(float[] labels, double[] p, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        if (labels.length == 0) {
            return Double.NaN;
        }
        double[] predicted = new double[bins];
        double[] observed = new double[bins];
        long[] count = new long[bins];
        for (int i = 0; i < labels.length; i++) {
            double q = Math.min(1, Math.max(0, p[i]));
            int bin = Math.min(bins - 1, (int) (q * bins)); // 1.0 belongs to the last bin
            predicted[bin] += q;
            observed[bin] += labels[i];
            count[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(predicted[b] - observed[b]); // = count * |mean p - rate|
            }
        }
        return ece / labels.length;
    }

    /** Precision, recall and F1 of the rule "score >= threshold means positive". */
    public record AtThreshold(double threshold, double precision, double recall, double f1) {
    }

    public static AtThreshold at(float[] labels, double[] scores, double threshold) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean predicted = scores[i] >= threshold;
            boolean actual = labels[i] == 1f;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            }
        }
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new AtThreshold(threshold, precision, recall, f1);
    }

    /**
     * The threshold maximising F1 on these (validation) rows: every distinct score is a candidate, swept in one
     * pass over the scores sorted high to low. Ties in F1 go to the higher threshold (fewer alerts).
     */
    public static double bestF1Threshold(float[] labels, double[] scores) {
        int n = labels.length;
        if (n == 0) {
            throw new MetricException("cannot pick a threshold on zero validation rows");
        }
        int[] idx = sortDescending(scores);
        long totalPositives = 0;
        for (float l : labels) {
            if (l == 1f) {
                totalPositives++;
            }
        }
        double best = Double.NEGATIVE_INFINITY;
        double bestThreshold = idx.length > 0 ? scores[idx[0]] : 0.5;
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            if (labels[i] == 1f) {
                tp++;
            } else {
                fp++;
            }
            boolean endOfTies = k == n - 1 || scores[idx[k + 1]] != scores[i];
            if (endOfTies) {
                double precision = (double) tp / (tp + fp);
                double recall = totalPositives == 0 ? 0 : (double) tp / totalPositives;
                double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
                if (f1 > best) {
                    best = f1;
                    bestThreshold = scores[i];
                }
            }
        }
        return bestThreshold;
    }

    private static int[] sortDescending(double[] scores) {
        int n = scores.length;
        // sort (score, index) pairs without boxing: sort a copy of the scores with their indices alongside
        double[] keys = scores.clone();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        quickSortDesc(keys, idx, 0, n - 1);
        return idx;
    }

    private static void quickSortDesc(double[] k, int[] v, int lo, int hi) {
        while (lo < hi) {
            double pivot = k[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (k[i] > pivot) {
                    i++;
                }
                while (k[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    double tk = k[i];
                    k[i] = k[j];
                    k[j] = tk;
                    int tv = v[i];
                    v[i] = v[j];
                    v[j] = tv;
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                quickSortDesc(k, v, lo, j);
                lo = i;
            } else {
                quickSortDesc(k, v, i, hi);
                hi = j;
            }
        }
    }

    private static int lowerBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
