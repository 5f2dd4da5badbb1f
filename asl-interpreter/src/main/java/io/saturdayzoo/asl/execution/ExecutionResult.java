package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
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

    /** Names of every state that was entered, in history order (a state entered twice appears once). */
    public Set<String> enteredStates() {
        Set<String> names = new LinkedHashSet<>();
        history.stream().filter(e -> e.type().name().endsWith("StateEntered")).forEach(e -> names.add(e.stateName()));
        return names;
    }

    /** Names of every state that raised an error at least once, retried, caught or not. */
    public Set<String> failedStates() {
        Set<String> names = new LinkedHashSet<>();
        events(HistoryEventType.StateFailed).forEach(e -> names.add(e.stateName()));
        return names;
    }
}
