package io.saturdayzoo.lambdas.research;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The part of research/{executionId}/report.json (written by the trainer's {@code research} command) that the
 * summary reads: per champion, the population stability index (PSI) of each feature between the champion's
 * training window and recent data, and the features the Research job judged drifted. Other fields are ignored.
 * <pre>
 * {"execution_id": "...", "generated_at": "...",
 *  "champions": [{"label": "churn", "version_id": "churn#v3", "spec_id": "churn-gbdt",
 *                 "psi": {"tenure_days": 0.31, "plan": 0.02}, "drifted_features": ["tenure_days"], "note": null}],
 *  "skipped": [{"label": "fraud", "reason": "no champion yet"}]}
 * </pre>
 */
public record ResearchReport(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("champions") List<ChampionFindings> champions,
        @JsonProperty("skipped") List<Skipped> skipped) {

    public ResearchReport {
        champions = champions == null ? List.of() : List.copyOf(champions);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    public record ChampionFindings(
            @JsonProperty("label") String label,
            @JsonProperty("version_id") String versionId,
            @JsonProperty("psi") Map<String, Double> psi,
            @JsonProperty("drifted_features") List<String> driftedFeatures,
            @JsonProperty("note") String note) {

        public ChampionFindings {
            psi = psi == null ? Map.of() : psi;
            driftedFeatures = driftedFeatures == null ? List.of() : List.copyOf(driftedFeatures);
        }
    }

    public record Skipped(@JsonProperty("label") String label, @JsonProperty("reason") String reason) {
    }
}
