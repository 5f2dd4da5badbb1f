package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.MapState;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.paths.JsonPaths;
import io.saturdayzoo.asl.paths.PayloadTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * What both Map modes share: reading the items, the concurrency bound and each item's input, and running one
 * thread per item within that bound.
 */
final class MapItems {
    private MapItems() {
    }

    /** The thread an item runs on, starting at virtual time {@code start}. */
    @FunctionalInterface
    interface ItemThreads {
        ExecutionThread start(int index, Instant start);
    }

    @FunctionalInterface
    interface ItemWork {
        void run(int index, ExecutionThread thread);
    }

    /**
     * Runs each item on its own thread, at most {@code maxConcurrency} at a time (0: no bound) and none once
     * {@code scope} is cancelled; on the virtual clock a queued item starts when the earliest running one ended.
     * Waits for all, moves {@code parent}'s clock to the latest end, and returns the first ASL error an item raised,
     * or null.
     */
    static StatesException runEach(int count, int maxConcurrency, ExecutionThread parent, Cancellation scope,
                                   ExecutorService pool, ItemThreads threads, ItemWork work) {
        ConcurrencySlots slots = new ConcurrencySlots(maxConcurrency);
        List<ExecutionThread> started = new ArrayList<>();
        FanOut fanOut = new FanOut(pool);
        for (int i = 0; i < count; i++) {
            Instant start = slots.acquire(i, parent.now());
            if (scope.isCancelled()) {
                slots.releaseUnused();
                break;
            }
            int index = i;
            ExecutionThread thread = threads.start(i, start);
            started.add(thread);
            fanOut.submit(() -> {
                try {
                    work.run(index, thread);
                } finally {
                    slots.release(thread.now());
                }
            });
        }
        StatesException failure = fanOut.awaitAll(scope);
        started.forEach(thread -> parent.advanceTo(thread.now()));
        return failure;
    }

    /** What ItemsPath selects from the effective input (the whole input without it): must be an array. */
    static JsonNode items(MapState state, JsonNode input, JsonNode context) {
        JsonNode items = state.itemsPath() != null ? JsonPaths.read(state.itemsPath(), input, context, "ItemsPath",
                StatesErrors.RUNTIME) : input;
        if (!items.isArray()) {
            throw new StatesException(StatesErrors.RUNTIME, "Map state '" + state.name()
                    + "': ItemsPath must select an array, selected " + items);
        }
        return items;
    }

    /** MaxConcurrency, or what MaxConcurrencyPath selects; 0 when neither is set. */
    static int maxConcurrency(MapState state, JsonNode input, JsonNode context) {
        Integer max = PathValues.integer(state.maxConcurrency(), input, context, state.name(), 0);
        return max == null ? 0 : max;
    }

    /** The item itself, or the ItemSelector resolved against the Map's input with $$.Map.Item set. */
    static JsonNode itemInput(MapState state, JsonNode item, int index, JsonNode input, ObjectNode mapContext) {
        if (state.itemSelector() == null) {
            return item.deepCopy();
        }
        ObjectNode itemContext = mapContext.deepCopy();
        itemContext.putObject("Map").putObject("Item").put("Index", index).set("Value", item);
        return PayloadTemplate.resolve(state.itemSelector(), input, itemContext);
    }
}
