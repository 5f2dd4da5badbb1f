package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.DistributedMode;

/**
 * A distributed Map's tolerated failure threshold, read when the Map runs. The Map Run fails once more child
 * executions failed (or timed out) than ToleratedFailureCount, or a greater share of all items than
 * ToleratedFailurePercentage; with both set, exceeding either fails it; with neither, one failure does.
 *
 * @param count      ToleratedFailureCount, or null
 * @param percentage ToleratedFailurePercentage, or null
 */
record FailureThreshold(Integer count, Double percentage) {

    static FailureThreshold of(DistributedMode mode, JsonNode input, JsonNode context, String stateName) {
        return new FailureThreshold(
                PathValues.integer(mode.toleratedFailureCount(), input, context, stateName, 0),
                PathValues.number(mode.toleratedFailurePercentage(), input, context, stateName, 0, 100));
    }

    boolean exceededBy(int failed, int total) {
        if (count == null && percentage == null) {
            return failed > 0;
        }
        return count != null && failed > count
                || percentage != null && total > 0 && failed * 100.0 / total > percentage;
    }

    /** For the Map Run's failure cause: "tolerated: none", "tolerated: ToleratedFailureCount 2". */
    String describe() {
        if (count == null && percentage == null) {
            return "tolerated: none";
        }
        return "tolerated: " + (count == null ? "" : "ToleratedFailureCount " + count)
                + (count != null && percentage != null ? ", " : "")
                + (percentage == null ? "" : "ToleratedFailurePercentage " + percentage);
    }
}
