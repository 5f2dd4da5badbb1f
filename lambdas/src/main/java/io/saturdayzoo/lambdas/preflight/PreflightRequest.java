package io.saturdayzoo.lambdas.preflight;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.lambdas.common.PayloadValues;

/**
 * Preflight's payload (Preflight and PreflightOnly). The checks need nothing from it; the execution is optional.
 * Unknown fields fail: the definition writes exactly this one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PreflightRequest(@JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId) {
}
