package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.saturdayzoo.asl.definition.TaskState;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.mock.MockedResponse;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.asl.task.TaskHandler;
import io.saturdayzoo.asl.task.TaskInvocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Task: calls the handler bound to the state, or plays its mocked response. TimeoutSeconds is measured on the
 * thread's virtual clock; a result that arrives after a sibling failed is discarded.
 */
final class TaskAction implements StateAction<TaskState> {
    @Override
    public Outcome execute(TaskState state, Attempt attempt) {
        RunEnvironment env = attempt.run().env;
        HistoryLog history = attempt.run().history;
        ExecutionThread thread = attempt.thread();
        String resource = state.resource();
        Integer timeout = PathValues.integer(state.timeoutSeconds(), attempt.rawInput(), attempt.context(),
                state.name(), 1);
        history.record(thread, HistoryEventType.TaskScheduled, state.name(), HistoryLog.details()
                .put("resource", resource).put("attempt", attempt.retryCount())
                .set("parameters", attempt.input()), null);
        int invocation = env.nextInvocation(state.name());
        Optional<MockedResponse> mock = env.options.mocks().forState(state.name());
        TaskHandler handler = null;
        if (mock.isEmpty()) {
            handler = env.bindings.resolve(state.name(), resource).orElseThrow(() -> new StatesException(
                    StatesErrors.RUNTIME, "no handler is bound to Task state '" + state.name() + "' (resource '"
                    + resource + "')"));
        }
        history.record(thread, HistoryEventType.TaskStarted, state.name(),
                HistoryLog.details().put("resource", resource).put("mocked", mock.isPresent()), null);
        Instant started = thread.now();
        long wallStart = System.nanoTime();
        JsonNode result = null;
        TaskFailedException failure = null;
        if (mock.isPresent()) {
            MockedResponse.Outcome outcome = mock.get().forInvocation(invocation).orElseThrow(() ->
                    new StatesException(StatesErrors.RUNTIME, "mocked response '" + mock.get().name()
                            + "' has no entry for invocation " + invocation + " of state '" + state.name() + "'"));
            if (outcome.isThrow()) {
                failure = new TaskFailedException(outcome.error(), outcome.cause());
            } else {
                result = outcome.returned().deepCopy();
            }
        } else {
            TaskInvocation call = new TaskInvocation(state.name(), resource, attempt.input().deepCopy(),
                    attempt.context().deepCopy(), attempt.retryCount(), started, thread.cancellation::isCancelled,
                    thread::advance);
            try {
                result = handler.invoke(call);
                if (result == null) {
                    result = NullNode.getInstance();
                }
            } catch (TaskFailedException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = TaskFailedException.fromLambdaException(e);
            }
        }
        Duration wall = StateRunner.wallSince(wallStart);
        if (env.options.measureTaskTime()) {
            thread.advance(wall);
        }
        if (thread.cancellation.isCancelled()) {
            // a sibling failed while this Task ran: its result (or error) is discarded, no further state runs
            throw new BranchCancelled(state.name(), true);
        }
        if (timeout != null && Duration.between(started, thread.now()).compareTo(Duration.ofSeconds(timeout)) > 0) {
            String cause = "Task '" + state.name() + "' did not finish within TimeoutSeconds " + timeout;
            history.record(thread, HistoryEventType.TaskTimedOut, state.name(),
                    HistoryLog.details().put("error", StatesErrors.TIMEOUT).put("cause", cause), wall);
            throw new StatesException(StatesErrors.TIMEOUT, cause);
        }
        if (failure != null) {
            history.record(thread, HistoryEventType.TaskFailed, state.name(), HistoryLog.details()
                    .put("error", failure.error()).put("cause", failure.errorCause()), wall);
            throw new StatesException(failure.error(), failure.errorCause());
        }
        history.record(thread, HistoryEventType.TaskSucceeded, state.name(),
                HistoryLog.details().set("output", result), wall);
        return Outcome.proceed(state, result);
    }
}
