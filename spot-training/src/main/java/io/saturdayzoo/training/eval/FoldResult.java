package io.saturdayzoo.training.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.training.balance.ClassWeights;

/**
 * What one fold produced; also the unit of checkpointing (a finished fold is never retrained).
 *
 * @param classWeights the weights computed from this fold's training part (null: class_balance none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FoldResult(
        @JsonProperty("fold") int fold,
        @JsonProperty("train_rows") int trainRows,
        @JsonProperty("train_from") long trainFrom,
        @JsonProperty("train_to") long trainTo,
        @JsonProperty("test_from") long testFrom,
        @JsonProperty("test_to") long testTo,
        @JsonProperty("validation") SplitMetrics validation,
        @JsonProperty("test") SplitMetrics test,
        @JsonProperty("class_weights") ClassWeights classWeights) {
}
