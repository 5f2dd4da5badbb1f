package io.saturdayzoo.lambdas.ondemand;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * PlanTraining's answer, the plan TrainModelVersion's later states read at $.plan: the ledger's reserve, settle and
 * record, the Batch job (command, resources, timeout) and the dry-run choice. Every field may be absent when read
 * back: before PlanTraining has run the state holds an empty plan, and the record of a failure still gets it.
 * Unknown fields fail: this record is the plan's one shape.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingPlan(
        Map<String, Object> request,
        String specId,
        String label,
        String caller,
        Boolean dryRun,
        String parentVersion,
        Dataset dataset,
        Estimate estimate,
        Integer vcpus,
        Integer memoryGib,
        List<BatchResource> resources,
        Integer timeoutSeconds,
        List<String> command) {

    /** The data the run reads and its size, which the estimate is priced on. */
    public record Dataset(String uri, Long bytes) {
    }

    /** The cost estimate on the stack's price table, and the period's budget left before it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Estimate(String estimatedUsd, Long estimatedSeconds, Integer iterations, Integer fits,
                           String period, String remainingUsd) {
    }

    /** Batch's own ResourceRequirement shape, so the Task passes it through unchanged (values are strings there). */
    public record BatchResource(@JsonProperty("Type") String type, @JsonProperty("Value") String value) {
    }
}
