package io.saturdayzoo.training.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.training.eval.Evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link Trainer#train}: the final model (fit on every row), its walk-forward evaluation and what it
 * was trained on. Nothing is written anywhere yet; {@link io.saturdayzoo.training.output.RunPublisher} does that.
 */
public record TrainedArtifact(
        String specId,
        String kind,
        String label,
        Map<String, Object> params,
        String modelText,
        Evaluation evaluation,
        DataSummary data,
        Map<String, Double> featureImportance,
        Instant startedAt,
        Instant completedAt,
        int resumedFolds) {

    /** Row counts and the time window of the data a model saw. */
    public record DataSummary(@JsonProperty("source") String source, @JsonProperty("rows") int rows,
                              @JsonProperty("positives") int positives,
                              @JsonProperty("features") List<String> features,
                              @JsonProperty("from_epoch_second") long fromEpochSecond,
                              @JsonProperty("to_epoch_second") long toEpochSecond) {
    }

    public double wallSeconds() {
        return (completedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
