package io.saturdayzoo.lambdas.research;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.core.research.ResearchReport;
import io.saturdayzoo.core.shadow.ShadowScore;

import java.util.List;

/**
 * SummarizeResearch's answer, {"summary": {...}}: per champion its most drifted features, the labels the Research
 * job skipped, the shadow scores recorded (recorded is false when the week already had that version's score) and
 * the versions not scored, and the notification's one line.
 */
public record ResearchSummary(Summary summary) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Summary(
            String executionId,
            List<LabelDrift> labels,
            List<ResearchReport.Skipped> skipped,
            List<ShadowRecorded> shadow,
            List<ResearchReport.ShadowSkipped> shadowSkipped,
            String text) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LabelDrift(String label, String versionId, List<FeatureDrift> topDrifted, int driftedCount) {
    }

    public record FeatureDrift(String feature, double psi, boolean drifted) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ShadowRecorded(
            String versionId,
            String week,
            @JsonProperty(ShadowScore.AUC) Double auc,
            int rows,
            boolean recorded) {
    }
}
