package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/**
 * The outcome of one execution.
 *
 * @param output the final output when SUCCEEDED, else null
 * @param error  the error name when FAILED or TIMED_OUT, else null
 * @param cause  the cause when FAILED or TIMED_OUT, else null
 */
public record ExecutionResult(String executionArn, ExecutionStatus status, JsonNode output, String error,
                              String cause, List<HistoryEvent> history) {

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    public List<HistoryEvent> events(HistoryEventType type) {
        return history.stream().filter(e -> e.type() == type).toList();
    }

    /** @see HistoryQueries#enteredStates */
    public Set<String> enteredStates() {
        return HistoryQueries.enteredStates(history);
    }

    /** @see HistoryQueries#failedStates */
    public Set<String> failedStates() {
        return HistoryQueries.failedStates(history);
    }
}
