package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.StateDefinition;
import io.saturdayzoo.asl.definition.StateScope;
import io.saturdayzoo.asl.errors.StatesException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One execution, the top-level one or a Distributed Map's child: its history, its context object ($$), and the walk
 * of its threads from state to state. Each state is run by {@link StateRunner}; Parallel branches and Map iterations
 * come back here through {@link #runThread}.
 */
final class ExecutionRun {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final RunEnvironment env;
    final HistoryLog history;
    private final StateScope scope;
    private final String stateMachineName;
    private final String executionArn;
    private final Instant startTime;
    private final String listenerPrefix;
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    private final StateRunner states;
    private final List<ChildExecution> children = new ArrayList<>();
    private final AtomicInteger mapRuns = new AtomicInteger();

    /**
     * @param scope          the states it runs: the definition's top level, or a Distributed Map's item processor
     * @param listenerPrefix where it runs in the top-level execution, for the run's listener ("" at the top level)
     */
    ExecutionRun(RunEnvironment env, StateScope scope, String stateMachineName, String executionName, JsonNode input,
                 Instant startTime, String listenerPrefix) {
        this.env = env;
        this.scope = scope;
        this.stateMachineName = stateMachineName;
        this.listenerPrefix = listenerPrefix;
        this.history = new HistoryLog(env.listener, listenerPrefix);
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

    /**
     * Runs to the end on {@code root}, whose cancellation stops it (ABORTED) when its Map Run or an enclosing scope
     * is cancelled.
     */
    ExecutionResult run(JsonNode input, ExecutionThread root) {
        history.record(root, HistoryEventType.ExecutionStarted, null,
                HistoryLog.details().set("input", input.deepCopy()), null);
        try {
            JsonNode output = runScope(scope, input.deepCopy(), root);
            history.record(root, HistoryEventType.ExecutionSucceeded, null,
                    HistoryLog.details().set("output", output), null);
            return result(ExecutionStatus.SUCCEEDED, output, null, null);
        } catch (BranchCancelled cancelled) {
            history.record(root, HistoryEventType.ExecutionAborted, null, HistoryLog.details()
                    .put("lastState", cancelled.lastState).put("discardedTaskResult", cancelled.discardedTaskResult),
                    null);
            return result(ExecutionStatus.ABORTED, null, null, null);
        } catch (StatesException e) {
            boolean timedOut = e instanceof ExecutionTimedOut;
            history.record(root, timedOut ? HistoryEventType.ExecutionTimedOut : HistoryEventType.ExecutionFailed, null,
                    HistoryLog.details().put("error", e.error()).put("cause", e.errorCause()), null);
            return result(timedOut ? ExecutionStatus.TIMED_OUT : ExecutionStatus.FAILED, null, e.error(),
                    e.errorCause());
        }
    }

    private ExecutionResult result(ExecutionStatus status, JsonNode output, String error, String cause) {
        List<ChildExecution> started;
        synchronized (children) {
            started = List.copyOf(children);
        }
        return new ExecutionResult(executionArn, status, output, error, cause, history.snapshot(), started);
    }

    String stateMachineName() {
        return stateMachineName;
    }

    String executionArn() {
        return executionArn;
    }

    /** A fresh id for the next Map Run a Distributed Map of this execution starts (stable from run to run). */
    String nextMapRunId(String mapState) {
        return UUID.nameUUIDFromBytes((executionArn + "/" + mapState + "#" + mapRuns.getAndIncrement())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * A child execution of a Distributed Map: the Map's item processor run as a state machine of its own, named
     * {@code childMachine}; its events reach the run's listener below {@code where} (the Map's iteration).
     */
    ExecutionRun child(StateScope itemProcessor, String childMachine, String name, JsonNode input, Instant start,
                       String where) {
        String prefix = listenerPrefix.isEmpty() ? where : listenerPrefix + "/" + where;
        return new ExecutionRun(env, itemProcessor, childMachine, name, input, start, prefix);
    }

    void addChildren(List<ChildExecution> mapRun) {
        synchronized (children) {
            children.addAll(mapRun);
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
