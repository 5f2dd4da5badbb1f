package io.saturdayzoo.lambdas.research;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * research/{executionId}/report.json as the Research job writes it: per label, the features it measured for drift
 * between the training window and recent data. Fields this summary does not use are ignored.
 * <pre>
 * {"execution_id": "...", "generated_at": "...",
 *  "labels": [{"label": "churn", "features": [{"name": "tenure_days", "drift": 0.31, "method": "psi"}]}]}
 * </pre>
 */
public record ResearchReport(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("generated_at") String generatedAt,
        @JsonProperty("labels") List<LabelDrift> labels) {

    public ResearchReport {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public record LabelDrift(@JsonProperty("label") String label, @JsonProperty("features") List<FeatureDrift> features) {
        public LabelDrift {
            features = features == null ? List.of() : List.copyOf(features);
        }
    }

    /** @param drift how far the feature moved (e.g. PSI); larger is more drifted */
    public record FeatureDrift(@JsonProperty("name") String name, @JsonProperty("drift") Double drift,
                               @JsonProperty("method") String method) {
    }
}
