package io.saturdayzoo.training.research;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** research/{executionId}/report.json. */
public record ResearchReport(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("generated_at") Instant generatedAt,
        @JsonProperty("champions") List<ChampionFindings> champions,
        @JsonProperty("skipped") List<Skipped> skipped) {

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

    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("execution_id", executionId);
        s.put("report_key", "research/" + executionId + "/report.json");
        s.put("champions", champions.size());
        s.put("drifted", champions.stream().filter(c -> !c.driftedFeatures().isEmpty())
                .map(ChampionFindings::label).toList());
        s.put("skipped", skipped);
        return s;
    }
}
