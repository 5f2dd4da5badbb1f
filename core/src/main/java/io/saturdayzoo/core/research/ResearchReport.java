package io.saturdayzoo.core.research;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.shadow.ShadowScore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Research job's report, at {@code ArtifactStore.researchReportKey(executionId)}: each champion's findings, and
 * the shadow scores of every live version on the newest week's rows ({@code shadow}, which SummarizeResearch records
 * as their track record) with the live versions not scored and why ({@code shadow_skipped}). The trainer's
 * {@code research} command writes it; SummarizeResearch and the local run summary read it.
 * <pre>
 * {"execution_id": "...", "generated_at": "...",
 *  "champions": [{"label": "churn", "version_id": "churn#v3", "spec_id": "churn-gbdt", "reference_window",
 *                 "recent_window", "importance_gain", "psi": {"tenure_days": 0.31, "plan": 0.02},
 *                 "drifted_features": ["tenure_days"], "scores", "note": null}],
 *  "skipped": [{"label": "fraud", "reason": "no champion yet"}],
 *  "shadow": [{"version_id": "churn#v3", "label", "spec_id", "week": "2026-W50", "metrics": {"auc": ...}, "rows",
 *              "execution_id", "scored_at"}],
 *  "shadow_skipped": [{"version_id": "churn#v4", "reason": "trained on rows of 2026-W50 ..."}]}
 * </pre>
 */
public record ResearchReport(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("generated_at") Instant generatedAt,
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

    /** A live version not scored this week, and why. */
    public record ShadowSkipped(@JsonProperty("version_id") String versionId, @JsonProperty("reason") String reason) {
    }

    /** One champion: what drives it (gain) and which inputs moved since it was trained (PSI). */
    public record ChampionFindings(
            @JsonProperty("label") String label,
            @JsonProperty("version_id") String versionId,
            @JsonProperty("spec_id") String specId,
            @JsonProperty("reference_window") Window reference,
            @JsonProperty("recent_window") Window recent,
            @JsonProperty("importance_gain") Map<String, Double> importanceGain,
            @JsonProperty("psi") Map<String, Double> psi,
            @JsonProperty("drifted_features") List<String> driftedFeatures,
            @JsonProperty("scores") Scores scores,
            @JsonProperty("note") String note) {

        public ChampionFindings {
            psi = psi == null ? Map.of() : psi;
            driftedFeatures = driftedFeatures == null ? List.of() : List.copyOf(driftedFeatures);
        }
    }

    /**
     * The champion's own scores (calibrated, as the version scores) on both windows.
     *
     * @param recentMetrics on rows newer than the champion's training only (null when there are none, or one class)
     */
    public record Scores(@JsonProperty("calibrator") String calibrator,
                         @JsonProperty("psi") double psi,
                         @JsonProperty("reference_mean") double referenceMean,
                         @JsonProperty("recent_mean") double recentMean,
                         @JsonProperty("recent_metrics") Map<String, Double> recentMetrics) {
    }

    public record Window(@JsonProperty("from") Instant from, @JsonProperty("to") Instant to,
                         @JsonProperty("rows") int rows) {
    }

    public record Skipped(@JsonProperty("label") String label, @JsonProperty("reason") String reason) {
    }
}
