package io.saturdayzoo.asl.conformance;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.SortedSet;

/**
 * What one interpreter made of one scenario: final status (SUCCEEDED|FAILED|TIMED_OUT), error and cause when it
 * did not succeed, the names of the states that raised an error (retried, caught or not), and the output.
 */
public record ScenarioOutcome(String scenario, String status, String error, String cause,
                              SortedSet<String> failedStates, JsonNode output) {
}
