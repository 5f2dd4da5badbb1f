package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;

import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;

/**
 * Runs the branches of a Parallel or the items of a Map on the run's threads, then waits for every one of them.
 * The first ASL error cancels the scope (siblings stop at their next transition) and is returned once all of them
 * have stopped, so nothing of the failed Parallel or Map still runs when its failure is handled.
 */
final class FanOut {
    private final CompletionService<Void> running;
    private int started;

    FanOut(ExecutorService pool) {
        this.running = new ExecutorCompletionService<>(pool);
    }

    void submit(Runnable work) {
        running.submit(work, null);
        started++;
    }

    /** Waits for all submitted work; the first ASL error raised, or null. */
    StatesException awaitAll(Cancellation scope) {
        StatesException failure = null;
        RuntimeException unexpected = null;
        for (int remaining = started; remaining > 0; remaining--) {
            try {
                running.take().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatesException(StatesErrors.RUNTIME, "interrupted while waiting for branches");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof StatesException se) {
                    if (failure == null) {
                        failure = se;
                        scope.cancel();
                    }
                } else if (!(cause instanceof BranchCancelled)) {
                    scope.cancel();
                    unexpected = cause instanceof RuntimeException re ? re
                            : new StatesException(StatesErrors.RUNTIME, String.valueOf(cause));
                }
            }
        }
        if (unexpected != null && failure == null) {
            throw unexpected;
        }
        return failure;
    }

    /**
     * How a Parallel or an inline Map ends once all its threads stopped: with the first error (recorded as
     * {@code failed}), passing on a cancellation from an enclosing scope, or (recorded as {@code succeeded}) with
     * the outputs in order.
     */
    static ArrayNode joined(ExecutionRun run, ExecutionThread thread, String stateName, StatesException failure,
                            HistoryEventType failed, HistoryEventType succeeded, JsonNode[] outputs) {
        if (failure != null) {
            run.history.record(thread, failed, stateName, HistoryLog.details()
                    .put("error", failure.error()).put("cause", failure.errorCause()), null);
            throw failure;
        }
        if (thread.cancellation.isCancelled()) {
            throw new BranchCancelled(stateName, false);
        }
        run.history.record(thread, succeeded, stateName, HistoryLog.details(), null);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode output : outputs) {
            result.add(output);
        }
        return result;
    }
}
