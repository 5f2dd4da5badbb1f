package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A spec's {@code "search": {"trials": N, "metric": "auc"}}: try N parameter sets from its kind's search space and
 * train with the best by this metric. Which metrics exist is the trainer's to say (the catalog schema's generated
 * part lists them).
 */
public record SearchRequest(@JsonProperty(TRIALS) int trials, @JsonProperty(METRIC) String metric) {
    public static final String TRIALS = "trials";
    public static final String METRIC = "metric";
}
