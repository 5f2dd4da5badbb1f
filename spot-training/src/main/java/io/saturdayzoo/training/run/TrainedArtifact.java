package io.saturdayzoo.training.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.registry.WarmStart;
import io.saturdayzoo.training.calibration.Calibrator;
import io.saturdayzoo.training.eval.Evaluation;
import io.saturdayzoo.training.eval.OutOfFoldPredictions;
import io.saturdayzoo.training.search.SearchResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link Trainer#train}: the final model (fit on every row), its walk-forward evaluation and what it
 * was trained on, and what the harness did around the fits. Nothing is written anywhere yet;
 * {@link io.saturdayzoo.training.output.RunPublisher} does that.
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
        int resumedFolds,
        Harness harness) {

    /**
     * What the harness did around the fits: its options as the spec resolved them (class balance, calibration,
     * search), the calibrator the final model scores through, the search's every trial (null without a search),
     * every fold's out-of-fold predictions, for an ensemble the base versions it combines (empty otherwise), and
     * whether the final model continued from a parent's (null when none was asked for).
     */
    public record Harness(Map<String, Object> options, Calibrator calibrator, SearchResult search,
                          OutOfFoldPredictions outOfFold, List<String> baseVersions, LastFold lastFold,
                          WarmStart warmStart) {
        public Harness {
            options = Map.copyOf(options);
            baseVersions = List.copyOf(baseVersions);
        }

        /** No parent model was asked for. */
        public Harness(Map<String, Object> options, Calibrator calibrator, SearchResult search,
                       OutOfFoldPredictions outOfFold, List<String> baseVersions, LastFold lastFold) {
            this(options, calibrator, search, outOfFold, baseVersions, lastFold, null);
        }

        /** Without a last-fold model (an ensemble). */
        public Harness(Map<String, Object> options, Calibrator calibrator, SearchResult search,
                       OutOfFoldPredictions outOfFold, List<String> baseVersions) {
            this(options, calibrator, search, outOfFold, baseVersions, null);
        }
    }

    /**
     * The last walk-forward fold's model, kept so the backtest gate can score the candidate on rows it never saw:
     * its text, the calibrator fitted on its validation part, its fold result, and the newest row time either of
     * them saw (the end of its validation part).
     */
    public record LastFold(String modelText, Calibrator calibrator, io.saturdayzoo.training.eval.FoldResult result,
                           long sawThrough) {
    }

    /** Row counts and the time window of the data a model saw. */
    public record DataSummary(@JsonProperty("source") String source, @JsonProperty("rows") int rows,
                              @JsonProperty("positives") int positives,
                              @JsonProperty("features") List<String> features,
                              @JsonProperty("from_epoch_second") long fromEpochSecond,
                              @JsonProperty("to_epoch_second") long toEpochSecond) {
    }

    /** The same artifact with what became of a requested parent's model recorded. */
    public TrainedArtifact withWarmStart(WarmStart warmStart) {
        Harness h = harness;
        return new TrainedArtifact(specId, kind, label, params, modelText, evaluation, data, featureImportance,
                startedAt, completedAt, resumedFolds, new Harness(h.options(), h.calibrator(), h.search(),
                h.outOfFold(), h.baseVersions(), h.lastFold(), warmStart));
    }

    public double wallSeconds() {
        return (completedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
