package io.saturdayzoo.training.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * oof_predictions.json, written with every version: each walk-forward fold's predictions on the rows its model
 * never trained on (see {@link FoldPredictions}), and the dataset they come from (rows and time window), so an
 * ensemble can tell whether two versions were evaluated on the same rows.
 */
public record OutOfFoldPredictions(
        @JsonProperty("source") String source,
        @JsonProperty("rows") int rows,
        @JsonProperty("positives") int positives,
        @JsonProperty("from_epoch_second") long fromEpochSecond,
        @JsonProperty("to_epoch_second") long toEpochSecond,
        @JsonProperty("folds") List<FoldPredictions> folds) {

    public OutOfFoldPredictions {
        folds = List.copyOf(folds);
    }
}
