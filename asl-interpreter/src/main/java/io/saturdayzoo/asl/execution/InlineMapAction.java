package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.MapState;
import io.saturdayzoo.asl.errors.StatesException;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Map in inline mode: each item runs as an iteration of this execution, on its own thread and virtual clock, at
 * most MaxConcurrency at a time; its events go into this execution's history. An item's unhandled error cancels
 * the running items, starts no further ones and, once all have stopped, fails the Map.
 */
final class InlineMapAction implements StateAction<MapState> {
    @Override
    public Outcome execute(MapState state, Attempt attempt) {
        ExecutionRun run = attempt.run();
        ExecutionThread thread = attempt.thread();
        JsonNode input = attempt.input();
        JsonNode items = MapItems.items(state, input, attempt.context());
        int maxConcurrency = MapItems.maxConcurrency(state, input, attempt.context());
        run.history.record(thread, HistoryEventType.MapStateStarted, state.name(),
                HistoryLog.details().put("length", items.size()).put("maxConcurrency", maxConcurrency), null);
        Cancellation scope = thread.cancellation.child();
        JsonNode[] outputs = new JsonNode[items.size()];
        AtomicReference<StatesException> firstFailure = new AtomicReference<>();
        StatesException failure = MapItems.runEach(items.size(), maxConcurrency, thread, scope, run.env.pool,
                (index, start) -> thread.fork(state.name() + "/Iteration[" + index + "]",
                        ExecutionThread.Kind.ITERATION, index, scope, start),
                (index, child) -> {
                    try {
                        JsonNode itemInput = MapItems.itemInput(state, items.get(index), index, input,
                                attempt.context());
                        run.history.record(child, HistoryEventType.MapIterationStarted, state.name(),
                                HistoryLog.details().put("index", index), null);
                        outputs[index] = run.runThread(state.itemProcessor(), itemInput, child);
                        run.history.record(child, HistoryEventType.MapIterationSucceeded, state.name(),
                                HistoryLog.details().put("index", index), null);
                    } catch (StatesException e) {
                        run.history.record(child, HistoryEventType.MapIterationFailed, state.name(),
                                HistoryLog.details().put("index", index).put("error", e.error())
                                        .put("cause", e.errorCause()), null);
                        firstFailure.compareAndSet(null, e);
                        scope.cancel();
                        throw e;
                    }
                });
        if (firstFailure.get() != null) {
            failure = firstFailure.get();
        }
        JsonNode result = FanOut.joined(run, thread, state.name(), failure, HistoryEventType.MapStateFailed,
                HistoryEventType.MapStateSucceeded, outputs);
        return Outcome.proceed(state, result);
    }
}
