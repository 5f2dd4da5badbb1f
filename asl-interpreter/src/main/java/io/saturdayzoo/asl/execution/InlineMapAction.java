package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.saturdayzoo.asl.definition.MapState;
import io.saturdayzoo.asl.errors.StatesException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        ConcurrencySlots slots = new ConcurrencySlots(maxConcurrency);
        List<ExecutionThread> children = new ArrayList<>();
        FanOut fanOut = new FanOut(run.env.pool);
        for (int i = 0; i < items.size(); i++) {
            Instant start = slots.acquire(i, thread.now());
            if (scope.isCancelled()) {
                slots.releaseUnused();
                break;
            }
            int index = i;
            ExecutionThread child = thread.fork(state.name() + "/Iteration[" + i + "]",
                    ExecutionThread.Kind.ITERATION, i, scope, start);
            children.add(child);
            JsonNode item = items.get(i);
            fanOut.submit(() -> {
                try {
                    JsonNode itemInput = MapItems.itemInput(state, item, index, input, attempt.context());
                    run.history.record(child, HistoryEventType.MapIterationStarted, state.name(),
                            HistoryLog.details().put("index", index), null);
                    outputs[index] = run.runThread(state.itemProcessor(), itemInput, child);
                    run.history.record(child, HistoryEventType.MapIterationSucceeded, state.name(),
                            HistoryLog.details().put("index", index), null);
                } catch (StatesException e) {
                    run.history.record(child, HistoryEventType.MapIterationFailed, state.name(), HistoryLog.details()
                            .put("index", index).put("error", e.error()).put("cause", e.errorCause()), null);
                    firstFailure.compareAndSet(null, e);
                    scope.cancel();
                    throw e;
                } finally {
                    slots.release(child.now());
                }
            });
        }
        StatesException failure = fanOut.awaitAll(scope);
        if (firstFailure.get() != null) {
            failure = firstFailure.get();
        }
        children.forEach(c -> thread.advanceTo(c.now()));
        if (failure != null) {
            run.history.record(thread, HistoryEventType.MapStateFailed, state.name(), HistoryLog.details()
                    .put("error", failure.error()).put("cause", failure.errorCause()), null);
            throw failure;
        }
        if (thread.cancellation.isCancelled()) {
            throw new BranchCancelled(state.name(), false);
        }
        run.history.record(thread, HistoryEventType.MapStateSucceeded, state.name(), HistoryLog.details(), null);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode output : outputs) {
            result.add(output);
        }
        return Outcome.proceed(state, result);
    }
}
