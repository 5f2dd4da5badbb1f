package io.saturdayzoo.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.registry.ArtifactStore;

import java.util.List;
import java.util.Optional;

/**
 * research/{execution}/backtest.json: what the Backtest job measured for each label with a pending candidate, and
 * what EvalGate reads to decide. The job measures, the gate decides: the report holds no verdict.
 *
 * @param labels one entry per label the job looked at
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BacktestReport(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("labels") List<LabelBacktest> labels) {

    public static final String FILE = "backtest.json";

    public BacktestReport {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** Where the report of an execution lives (beside its research report). */
    public static String key(String executionId) {
        return ArtifactStore.RESEARCH + ArtifactStore.requireSegment("execution_id", executionId) + "/" + FILE;
    }

    /** The measurement of this candidate against this champion, if the job made one. */
    public Optional<LabelBacktest> find(String candidateVersionId, String championVersionId) {
        return labels.stream().filter(l -> candidateVersionId.equals(l.candidate().versionId())
                && l.champion() != null && championVersionId.equals(l.champion().versionId())).findFirst();
    }

    /**
     * One label's backtest: both versions scored on the same rows, the ones after both training cutoffs.
     *
     * @param windowFrom first row time of the shared window (epoch seconds; null when the window is empty)
     * @param windowTo   last row time of the shared window (epoch seconds; null when the window is empty)
     * @param cutoff     the later of the two cutoffs: rows after it were seen by neither model
     * @param rows       rows in the window
     * @param note       why there is no measurement (e.g. the candidate kept no last-fold model); null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LabelBacktest(
            @JsonProperty("label") String label,
            @JsonProperty("dataset") String dataset,
            @JsonProperty("cutoff") long cutoff,
            @JsonProperty("window_from") Long windowFrom,
            @JsonProperty("window_to") Long windowTo,
            @JsonProperty("rows") int rows,
            @JsonProperty("positives") int positives,
            @JsonProperty("candidate") Scored candidate,
            @JsonProperty("champion") Scored champion,
            @JsonProperty("note") String note,
            @JsonProperty("wall_seconds") double wallSeconds) {
    }

    /**
     * One version's side of a backtest.
     *
     * @param model     which of its models scored: "last_fold" (the candidate's last walk-forward fold) or "final"
     * @param trainedTo the newest row time its scoring model (or calibrator) saw, epoch seconds
     * @param auc       on the window; null when the window has too few rows or one class only
     * @param logLoss   on the window; null as auc
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scored(
            @JsonProperty("version_id") String versionId,
            @JsonProperty("model") String model,
            @JsonProperty("trained_to") long trainedTo,
            @JsonProperty("walk_forward_auc") Double walkForwardAuc,
            @JsonProperty("auc") Double auc,
            @JsonProperty("log_loss") Double logLoss) {
    }
}
