package io.saturdayzoo.asl.definition;

/**
 * How a Map in distributed mode runs (its ItemProcessor has {@code "ProcessorConfig": {"Mode": "DISTRIBUTED",
 * "ExecutionType": "STANDARD"}}): one Map Run whose items each run as a child execution with a history of its own.
 *
 * @param label                      the Label field, or null: the Map Run and its children are named after it, else
 *                                   after the state
 * @param toleratedFailureCount      ToleratedFailureCount or ToleratedFailureCountPath, or neither
 * @param toleratedFailurePercentage ToleratedFailurePercentage or ToleratedFailurePercentagePath, or neither
 */
public record DistributedMode(String label, ValueOrPath toleratedFailureCount,
                              ValueOrPath toleratedFailurePercentage) {
}
