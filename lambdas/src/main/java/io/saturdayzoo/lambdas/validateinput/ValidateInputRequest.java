package io.saturdayzoo.lambdas.validateinput;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * ValidateInput's payload: the execution input wrapped in an object, so that any JSON value (null, [], 42, "x")
 * arrives and is judged by {@link ExecutionInput#validate}. A JSON null arrives as a NullNode; an absent field as
 * null (the definition's wiring is wrong).
 */
// Tolerant of other fields: the likely wiring mistake is the input passed unwrapped, and "input missing" names it.
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidateInputRequest(JsonNode input) {
}
