package io.saturdayzoo.training.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * evaluation.json: per-fold metrics and their aggregate. The aggregate is the mean over folds of the TEST-part
 * metrics (never validation), so it is what a version is compared on; "auc" is the holdout metric of the eval gate.
 *
 * @param decisionThreshold the most recent fold's validation-picked threshold: what a deployed model should use
 */
public record Evaluation(
        @JsonProperty("folds") List<FoldResult> folds,
        @JsonProperty("aggregate") Map<String, Double> aggregate,
        @JsonProperty("decision_threshold") double decisionThreshold) {

    public static Evaluation of(List<FoldResult> folds) {
        if (folds.isEmpty()) {
            throw new MetricException("no folds were evaluated");
        }
        Map<String, Double> sums = new LinkedHashMap<>();
        for (FoldResult f : folds) {
            f.test().asMap().forEach((k, v) -> sums.merge(k, v, Double::sum));
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        sums.forEach((k, v) -> mean.put(k, v / folds.size()));
        mean.forEach((k, v) -> {
            if (!Double.isFinite(v)) {
                throw new MetricException("aggregate metric '" + k + "' is " + v);
            }
        });
        return new Evaluation(List.copyOf(folds), mean, folds.get(folds.size() - 1).validation().threshold());
    }
}
