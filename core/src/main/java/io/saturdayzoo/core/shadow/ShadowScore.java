package io.saturdayzoo.core.shadow;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one registered version scored on one week's rows that it never trained on (its training cutoff is before
 * the week starts): one entry of its shadow track record. Research writes these into its report; SummarizeResearch
 * records them in the registry table.
 *
 * @param week        ISO week, "2026-W50"
 * @param metrics     auc, log_loss, brier, ... of the version's calibrated scores on the week's rows
 * @param rows        rows of the week scored
 * @param executionId the execution whose research scored it
 */
public record ShadowScore(
        @JsonProperty("version_id") String versionId,
        @JsonProperty("label") String label,
        @JsonProperty("spec_id") String specId,
        @JsonProperty("week") String week,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("rows") int rows,
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("scored_at") Instant scoredAt) {

    /** The metric the gate averages over shared weeks. */
    public static final String AUC = "auc";

    public ShadowScore {
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    }
}
