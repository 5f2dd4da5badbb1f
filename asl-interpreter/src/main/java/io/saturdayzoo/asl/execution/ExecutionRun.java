package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.StateDefinition;
import io.saturdayzoo.asl.definition.StateScope;
import io.saturdayzoo.asl.errors.StatesException;

import java.time.Instant;

/**
 * One execution: its history, its context object ($$), and the walk of its threads from state to state. Each state
 * is run by {@link StateRunner}; Parallel branches and Map iterations come back here through {@link #runThread}.
 */
final class ExecutionRun {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final RunEnvironment env;
    final HistoryLog history;
    private final StateScope scope;
    private final String executionArn;
    private final Instant startTime;
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    private final StateRunner states;

    ExecutionRun(RunEnvironment env, StateScope scope, String stateMachineName, String executionName, JsonNode input,
                 Instant startTime) {
        this.env = env;
        this.scope = scope;
        this.history = new HistoryLog(env.listener);
        this.startTime = startTime;
        this.executionArn = Arns.execution(stateMachineName, executionName);
        this.executionContext = NODES.objectNode()
                .put("Id", executionArn)
                .put("Name", executionName)
                .put("StartTime", startTime.toString())
                .put("RoleArn", Arns.executionRole());
        this.executionContext.set("Input", input.deepCopy());
        this.stateMachineContext = NODES.objectNode()
                .put("Id", Arns.stateMachine(stateMachineName))
                .put("Name", stateMachineName);
        this.states = new StateRunner(this);
    }

    ExecutionResult run(JsonNode input) {
        ExecutionThread root = new ExecutionThread("", ExecutionThread.Kind.ROOT, 0, Cancellation.root(), startTime, 0);
        history.record(root, HistoryEventType.ExecutionStarted, null,
                HistoryLog.details().set("input", input.deepCopy()), null);
        try {
            JsonNode output = runScope(scope, input.deepCopy(), root);
            history.record(root, HistoryEventType.ExecutionSucceeded, null,
                    HistoryLog.details().set("output", output), null);
            return new ExecutionResult(executionArn, ExecutionStatus.SUCCEEDED, output, null, null, history.snapshot());
        } catch (StatesException e) {
            boolean timedOut = e instanceof ExecutionTimedOut;
            history.record(root, timedOut ? HistoryEventType.ExecutionTimedOut : HistoryEventType.ExecutionFailed, null,
                    HistoryLog.details().put("error", e.error()).put("cause", e.errorCause()), null);
            return new ExecutionResult(executionArn, timedOut ? ExecutionStatus.TIMED_OUT : ExecutionStatus.FAILED,
                    null, e.error(), e.errorCause(), history.snapshot());
        }
    }

    /** Runs a scope from its StartAt until a state ends it; returns that state's output. */
    JsonNode runScope(StateScope states, JsonNode input, ExecutionThread thread) {
        String current = states.startAt();
        JsonNode data = input;
        while (true) {
            if (thread.cancellation.isCancelled()) {
                throw new BranchCancelled(thread.lastState() == null ? current : thread.lastState(), false);
            }
            checkTimeout(thread);
            StateDefinition state = states.state(current);
            StateRunner.Transition transition = this.states.run(state, data, thread);
            if (transition.next() == null) {
                return transition.output();
            }
            data = transition.output();
            current = transition.next();
        }
    }

    /** Runs a Parallel branch or a Map iteration; if it is cancelled, its abort (and where it stopped) is recorded. */
    JsonNode runThread(StateScope states, JsonNode input, ExecutionThread thread) {
        try {
            return runScope(states, input, thread);
        } catch (BranchCancelled cancelled) {
            ObjectNode details = HistoryLog.details().put("index", thread.index)
                    .put("lastState", cancelled.lastState).put("discardedTaskResult", cancelled.discardedTaskResult);
            history.record(thread, thread.kind == ExecutionThread.Kind.BRANCH ? HistoryEventType.ParallelBranchAborted
                    : HistoryEventType.MapIterationAborted, cancelled.lastState, details, null);
            throw cancelled;
        }
    }

    private void checkTimeout(ExecutionThread thread) {
        var timeout = scope.timeoutSeconds();
        if (timeout.isPresent() && thread.now().isAfter(startTime.plusSeconds(timeout.getAsInt()))) {
            throw new ExecutionTimedOut(timeout.getAsInt());
        }
    }

    /** The context object ($$) a state sees: Execution, StateMachine, and State. */
    ObjectNode context(String stateName, Instant enteredTime, int retryCount) {
        ObjectNode context = NODES.objectNode();
        context.set("Execution", executionContext);
        context.set("StateMachine", stateMachineContext);
        context.putObject("State").put("Name", stateName).put("EnteredTime", enteredTime.toString())
                .put("RetryCount", retryCount);
        return context;
    }
}
