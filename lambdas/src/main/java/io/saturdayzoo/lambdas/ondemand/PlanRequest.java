package io.saturdayzoo.lambdas.ondemand;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.lambdas.common.PayloadValues;

/**
 * PlanTraining's payload: the execution input, any JSON value ({@link TrainRequest#validate} judges it; a JSON null
 * arrives as a NullNode, an absent field as null), and the execution. Unknown fields fail.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanRequest(
        JsonNode input,
        @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId) {
}
