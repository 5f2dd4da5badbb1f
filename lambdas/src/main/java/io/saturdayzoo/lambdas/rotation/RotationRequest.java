package io.saturdayzoo.lambdas.rotation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.lambdas.common.PayloadValues;

import java.util.List;

/**
 * SelectRotation's payload (and DryRunRotation's): the execution and the input's options. Unknown fields fail: the
 * definition writes exactly these three.
 *
 * @param executionId optional, for the logs
 * @param budget      null: the catalog's budget
 * @param specIds     null: rotate by staleness; else exactly these specs
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RotationRequest(
        @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId,
        @JsonDeserialize(using = PayloadValues.PositiveInt.class) Integer budget,
        @JsonDeserialize(contentUsing = PayloadValues.NonEmptyText.class) List<String> specIds) {
}
