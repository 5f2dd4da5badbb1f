package io.saturdayzoo.lambdas.research;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.lambdas.common.PayloadValues;

/**
 * SummarizeResearch's payload. Unknown fields fail: the definition writes exactly these.
 *
 * @param top features per label in the summary; null: {@link SummarizeResearchHandler#DEFAULT_TOP}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResearchRequest(
        @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId,
        @JsonDeserialize(using = PayloadValues.PositiveInt.class) Integer top) {
}
