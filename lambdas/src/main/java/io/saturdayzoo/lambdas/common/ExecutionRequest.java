package io.saturdayzoo.lambdas.common;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The payload of a state that needs only the execution's name (EvalGate): {"execution_id"}. Unknown fields fail:
 * the definition writes exactly this one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExecutionRequest(
        @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId) {
}
