package io.saturdayzoo.training.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of one part (validation or test) of one fold: AUC, log loss, the calibration metrics (Brier score and the
 * expected calibration error over {@link #ECE_BINS} equal-width bins, its bin count recorded beside it), and the
 * decision metrics (precision, recall, F1) at the threshold picked on the validation part. The same for every kind.
 */
public record SplitMetrics(
        @JsonProperty("rows") int rows,
        @JsonProperty("positives") int positives,
        @JsonProperty("auc") double auc,
        @JsonProperty("log_loss") double logLoss,
        @JsonProperty("brier") double brier,
        @JsonProperty("ece") double ece,
        @JsonProperty("ece_bins") int eceBins,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("precision") double precision,
        @JsonProperty("recall") double recall,
        @JsonProperty("f1") double f1) {

    /** Equal-width probability bins of the expected calibration error. */
    public static final int ECE_BINS = 10;

    /** Computes the metrics; any undefined value fails here, naming where, instead of reaching the registry. */
    public static SplitMetrics of(String where, float[] labels, double[] scores, double threshold) {
        if (labels.length == 0) {
            throw new MetricException(where + ": no rows to evaluate");
        }
        int positives = 0;
        for (float l : labels) {
            if (l == 1f) {
                positives++;
            }
        }
        if (positives == 0 || positives == labels.length) {
            throw new MetricException(where + ": all " + labels.length + " rows have label " + (positives == 0 ? 0 : 1)
                    + ", so AUC is undefined (use more data or fewer folds)");
        }
        BinaryMetrics.AtThreshold at = BinaryMetrics.at(labels, scores, threshold);
        SplitMetrics m = new SplitMetrics(labels.length, positives, BinaryMetrics.auc(labels, scores),
                BinaryMetrics.logLoss(labels, scores), BinaryMetrics.brier(labels, scores),
                BinaryMetrics.expectedCalibrationError(labels, scores, ECE_BINS), ECE_BINS, threshold,
                at.precision(), at.recall(), at.f1());
        m.asMap().forEach((name, value) -> {
            if (!Double.isFinite(value)) {
                throw new MetricException(where + ": metric '" + name + "' is " + value);
            }
        });
        return m;
    }

    public Map<String, Double> asMap() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("auc", auc);
        out.put("log_loss", logLoss);
        out.put("brier", brier);
        out.put("ece", ece);
        out.put("ece_bins", (double) eceBins);
        out.put("threshold", threshold);
        out.put("precision", precision);
        out.put("recall", recall);
        out.put("f1", f1);
        return out;
    }
}
