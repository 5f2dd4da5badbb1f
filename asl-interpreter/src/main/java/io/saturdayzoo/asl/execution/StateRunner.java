package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.Catcher;
import io.saturdayzoo.asl.definition.Retrier;
import io.saturdayzoo.asl.definition.StateDefinition;
import io.saturdayzoo.asl.definition.StateType;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.paths.ReferencePath;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs one state, whatever its type: the entered and exited events, each attempt (input processing, the state's
 * action, output processing), Retry with back-off on the virtual clock, and Catch. The one place where Retry and
 * Catch are applied.
 */
final class StateRunner {
    private final ExecutionRun run;
    private final StateActions actions = new StateActions();

    StateRunner(ExecutionRun run) {
        this.run = run;
    }

    /** Where a state sends its thread next (null: its scope ends) and the output it passes on. */
    record Transition(String next, JsonNode output) {
    }

    Transition run(StateDefinition state, JsonNode rawInput, ExecutionThread thread) {
        thread.enteredState(state.name());
        long wallStart = System.nanoTime();
        Instant enteredTime = thread.now();
        run.history.record(thread, HistoryEventType.entered(state.type()), state.name(),
                HistoryLog.details().set("input", rawInput), null);
        int[] retriesPerRetrier = new int[state.retriers().size()];
        int retryCount = 0;
        while (true) {
            ObjectNode context = run.context(state.name(), enteredTime, retryCount);
            try {
                Transition transition = attempt(state, rawInput, context, thread, retryCount);
                if (state.type() != StateType.Fail) {
                    run.history.record(thread, HistoryEventType.exited(state.type()), state.name(),
                            HistoryLog.details().set("output", transition.output()), wallSince(wallStart));
                }
                return transition;
            } catch (BranchCancelled | ExecutionTimedOut e) {
                throw e;
            } catch (RuntimeException raised) {
                StatesException failure = raised instanceof StatesException se ? se
                        : new StatesException(StatesErrors.RUNTIME, String.valueOf(raised.getMessage()));
                boolean byTask = state.type() == StateType.Task;
                ObjectNode failed = HistoryLog.details().put("error", failure.error())
                        .put("cause", failure.errorCause()).put("attempt", retryCount);
                int retrier = matchingRetrier(state.retriers(), failure, byTask);
                if (retrier >= 0 && retriesPerRetrier[retrier] < state.retriers().get(retrier).maxAttempts()) {
                    Duration delay = run.env.retryDelay(state.retriers().get(retrier), retriesPerRetrier[retrier]);
                    retriesPerRetrier[retrier]++;
                    retryCount++;
                    run.history.record(thread, HistoryEventType.StateFailed, state.name(),
                            failed.put("retryDelaySeconds", delay.toMillis() / 1000.0), null);
                    thread.advance(delay);
                    if (thread.cancellation.isCancelled()) {
                        throw new BranchCancelled(state.name(), false);
                    }
                    continue;
                }
                return caught(state, rawInput, thread, failure, failed, byTask, wallStart);
            }
        }
    }

    /** One try: input processing, the state's action, output processing. */
    private Transition attempt(StateDefinition state, JsonNode rawInput, ObjectNode context, ExecutionThread thread,
                               int retryCount) {
        JsonNode input = withinDataLimit(InputOutputProcessing.effectiveInput(state.dataFlow(), rawInput, context),
                "input (after Parameters)");
        StateAction.Outcome outcome = actions.execute(state,
                new StateAction.Attempt(run, thread, rawInput, input, context, retryCount));
        withinDataLimit(outcome.result(), "result");
        JsonNode output = withinDataLimit(
                InputOutputProcessing.output(state.dataFlow(), rawInput, outcome.result(), context), "output");
        return new Transition(outcome.next(), output);
    }

    /** Step Functions fails a state whose input, result or output is over its payload quota, as this does. */
    private static JsonNode withinDataLimit(JsonNode data, String what) {
        if (data == null) {
            return null;
        }
        int bytes = data.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > StatesErrors.PAYLOAD_LIMIT_BYTES) {
            throw new StatesException(StatesErrors.DATA_LIMIT_EXCEEDED, "the state's " + what + " is " + bytes
                    + " bytes, over the " + StatesErrors.PAYLOAD_LIMIT_BYTES + " bytes (256 KiB) Step Functions "
                    + "allows");
        }
        return data;
    }

    /** The first Catch that matches takes the thread on; with none, the failure leaves the state. */
    private Transition caught(StateDefinition state, JsonNode rawInput, ExecutionThread thread, StatesException failure,
                              ObjectNode failed, boolean byTask, long wallStart) {
        Optional<Catcher> catcher = state.catchers().stream()
                .filter(c -> StatesErrors.matches(c.errorEquals(), failure.error(), byTask)).findFirst();
        if (catcher.isEmpty()) {
            run.history.record(thread, HistoryEventType.StateFailed, state.name(), failed, null);
            throw failure;
        }
        run.history.record(thread, HistoryEventType.StateFailed, state.name(),
                failed.put("caughtBy", catcher.get().next()), null);
        ObjectNode errorOutput = JsonNodeFactory.instance.objectNode().put("Error", failure.error())
                .put("Cause", failure.errorCause());
        JsonNode output = ReferencePath.apply(catcher.get().resultPath(), rawInput, errorOutput);
        run.history.record(thread, HistoryEventType.exited(state.type()), state.name(),
                HistoryLog.details().set("output", output), wallSince(wallStart));
        return new Transition(catcher.get().next(), output);
    }

    private static int matchingRetrier(List<Retrier> retriers, StatesException failure, boolean byTask) {
        for (int i = 0; i < retriers.size(); i++) {
            if (StatesErrors.matches(retriers.get(i).errorEquals(), failure.error(), byTask)) {
                return i;
            }
        }
        return -1;
    }

    static Duration wallSince(long nanoStart) {
        return Duration.ofNanos(System.nanoTime() - nanoStart);
    }
}
