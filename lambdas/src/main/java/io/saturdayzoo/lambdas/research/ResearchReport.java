package io.saturdayzoo.lambdas.research;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.shadow.ShadowScore;

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
 *  "skipped": [{"label": "fraud", "reason": "no champion yet"}],
 *  "shadow": [{"version_id": "churn#v3", "label", "spec_id", "week": "2026-W50", "metrics": {"auc": ...}, "rows",
 *              "execution_id", "scored_at"}],
 *  "shadow_skipped": [{"version_id": "churn#v4", "reason": "trained on rows of 2026-W50 ..."}]}
 * </pre>
 * The {@code shadow} entries are the live versions' scores on the newest week's rows ({@link ShadowScore}).
 */
public record ResearchReport(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("champions") List<ChampionFindings> champions,
        @JsonProperty("skipped") List<Skipped> skipped,
        @JsonProperty("shadow") List<ShadowScore> shadow,
        @JsonProperty("shadow_skipped") List<ShadowSkipped> shadowSkipped) {

    public ResearchReport {
        champions = champions == null ? List.of() : List.copyOf(champions);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        shadow = shadow == null ? List.of() : List.copyOf(shadow);
        shadowSkipped = shadowSkipped == null ? List.of() : List.copyOf(shadowSkipped);
    }

    /** A live version research did not score this week, and why (e.g. it trained on the week's rows). */
    public record ShadowSkipped(@JsonProperty("version_id") String versionId, @JsonProperty("reason") String reason) {
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
