package io.saturdayzoo.training.search;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * search.json: what a search tried and what it chose. Every trial is here, pruned ones too; {@code best} is the
 * unpruned trial with the best mean validation metric (trial 0, the spec's own params, when none beats it).
 *
 * @param space the dimensions searched (the kind's space less the params the spec fixes)
 * @param fits  models fitted by the search (at most trials x folds; pruning saves the rest)
 */
public record SearchResult(
        @JsonProperty("metric") String metric,
        @JsonProperty("trials_requested") int trialsRequested,
        @JsonProperty("folds") int folds,
        @JsonProperty("space") Map<String, Object> space,
        @JsonProperty("trials") List<Trial> trials,
        @JsonProperty("best_trial") int best,
        @JsonProperty("fits") int fits,
        @JsonProperty("wall_seconds") double wallSeconds) {

    public SearchResult {
        trials = List.copyOf(trials);
    }

    public Trial bestTrial() {
        return trials.get(best);
    }

    public long prunedTrials() {
        return trials.stream().filter(Trial::pruned).count();
    }
}
