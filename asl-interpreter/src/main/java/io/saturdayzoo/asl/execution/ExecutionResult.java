package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The outcome of one execution.
 *
 * @param output          the final output when SUCCEEDED, else null
 * @param error           the error name when FAILED or TIMED_OUT, else null
 * @param cause           the cause when FAILED or TIMED_OUT, else null
 * @param history         this execution's own history
 * @param childExecutions the child executions its Distributed Maps started, Map Run by Map Run in item order; each
 *                        has its own history and, for nested Distributed Maps, children of its own
 */
public record ExecutionResult(String executionArn, ExecutionStatus status, JsonNode output, String error,
                              String cause, List<HistoryEvent> history, List<ChildExecution> childExecutions) {

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

    /** This execution and every execution below it, depth first: for reporting history events per execution. */
    public List<ExecutionResult> allExecutions() {
        List<ExecutionResult> all = new ArrayList<>();
        all.add(this);
        childExecutions.forEach(child -> all.addAll(child.result().allExecutions()));
        return all;
    }
}
