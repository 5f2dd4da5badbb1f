package io.saturdayzoo.training.search;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parameter set tried by a search: its params (the complete set a fit used), its metric on the validation part
 * of each walk-forward fold it reached, and whether it was pruned (stopped early, worse than the median of the
 * trials before it at the same fold). {@code mean} is over the folds it reached; only unpruned trials can win.
 */
public record Trial(
        @JsonProperty("trial") int index,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("fold_metrics") List<Double> foldMetrics,
        @JsonProperty("mean") double mean,
        @JsonProperty("pruned") boolean pruned,
        @JsonProperty("wall_seconds") double wallSeconds) {

    public Trial {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        foldMetrics = List.copyOf(foldMetrics);
    }
}
