package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.MapState;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Map in distributed mode, as Step Functions runs it: one Map Run whose items each run as a child execution of the
 * item processor, with a history of its own; the parent's history records only the Map Run (MapRunStarted, then
 * MapRunSucceeded, MapRunFailed or MapRunAborted), so it stays small however many items there are. At most
 * MaxConcurrency children run at once (Step Functions' 10,000 when it is 0 or unset). A failed child does not stop
 * the others until the tolerated failure threshold is exceeded: then no further child starts, running ones are
 * aborted, and the Map fails with States.ExceedToleratedFailureThreshold. The result holds each child's output in
 * item order, or for a failed child its execution record with Error and Cause.
 */
final class DistributedMapAction implements StateAction<MapState> {
    static final int DEFAULT_MAX_CONCURRENCY = 10_000;

    @Override
    public Outcome execute(MapState state, Attempt attempt) {
        ExecutionRun run = attempt.run();
        ExecutionThread thread = attempt.thread();
        JsonNode input = attempt.input();
        JsonNode items = MapItems.items(state, input, attempt.context());
        int configured = MapItems.maxConcurrency(state, input, attempt.context());
        int maxConcurrency = configured > 0 ? configured : DEFAULT_MAX_CONCURRENCY;
        FailureThreshold threshold = FailureThreshold.of(state.distributed(), input, attempt.context(), state.name());
        String label = state.distributed().label() != null ? state.distributed().label() : state.name();
        String childMachine = run.stateMachineName() + "/" + label;
        String mapRunArn = Arns.mapRun(childMachine, run.nextMapRunId(state.name()));
        run.history.record(thread, HistoryEventType.MapStateStarted, state.name(),
                HistoryLog.details().put("length", items.size()).put("maxConcurrency", configured), null);
        run.history.record(thread, HistoryEventType.MapRunStarted, state.name(),
                HistoryLog.details().put("mapRunArn", mapRunArn).put("maxConcurrency", maxConcurrency), null);

        Cancellation mapRun = thread.cancellation.child();
        ExecutionResult[] results = new ExecutionResult[items.size()];
        AtomicInteger failed = new AtomicInteger();
        String where = (thread.label.isEmpty() ? "" : thread.label + "/") + state.name() + "/Iteration[";
        StatesException failure = MapItems.runEach(items.size(), maxConcurrency, thread, mapRun, run.env.pool,
                (index, start) -> ExecutionThread.root(mapRun, start),
                (index, root) -> {
                    JsonNode itemInput = MapItems.itemInput(state, items.get(index), index, input, attempt.context());
                    ExecutionRun child = run.child(state.itemProcessor(), childMachine, childName(mapRunArn, index),
                            itemInput, root.now(), where + index + "]");
                    results[index] = child.run(itemInput, root);
                    if (counted(results[index]) && threshold.exceededBy(failed.incrementAndGet(), items.size())) {
                        mapRun.cancel();
                    }
                });
        List<ChildExecution> children = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (results[i] != null) {
                children.add(new ChildExecution(state.name(), mapRunArn, i, results[i]));
            }
        }
        run.addChildren(children);
        ObjectNode counts = counts(mapRunArn, items.size(), results);
        if (failure == null && thread.cancellation.isCancelled()) {
            run.history.record(thread, HistoryEventType.MapRunAborted, state.name(), counts, null);
            throw new BranchCancelled(state.name(), false);
        }
        if (failure == null && threshold.exceededBy(failed.get(), items.size())) {
            failure = new StatesException(StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD, "Map Run of state '"
                    + state.name() + "': " + failed.get() + " of " + items.size()
                    + " child executions failed, more than " + threshold.describe() + " (" + mapRunArn + ")");
        }
        if (failure != null) {
            run.history.record(thread, HistoryEventType.MapRunFailed, state.name(),
                    counts.put("error", failure.error()).put("cause", failure.errorCause()), null);
            run.history.record(thread, HistoryEventType.MapStateFailed, state.name(), HistoryLog.details()
                    .put("error", failure.error()).put("cause", failure.errorCause()), null);
            throw failure;
        }
        run.history.record(thread, HistoryEventType.MapRunSucceeded, state.name(), counts, null);
        run.history.record(thread, HistoryEventType.MapStateSucceeded, state.name(), HistoryLog.details(), null);
        return Outcome.proceed(state, output(results));
    }

    private static String childName(String mapRunArn, int index) {
        return UUID.nameUUIDFromBytes((mapRunArn + "#" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Failed and timed-out children count against the threshold; aborted ones do not. */
    private static boolean counted(ExecutionResult child) {
        return child.status() == ExecutionStatus.FAILED || child.status() == ExecutionStatus.TIMED_OUT;
    }

    /** The Map Run's execution counts, as DescribeMapRun reports them. */
    private static ObjectNode counts(String mapRunArn, int total, ExecutionResult[] results) {
        int[] byStatus = new int[ExecutionStatus.values().length];
        int started = 0;
        for (ExecutionResult result : results) {
            if (result != null) {
                byStatus[result.status().ordinal()]++;
                started++;
            }
        }
        return HistoryLog.details().put("mapRunArn", mapRunArn).put("total", total)
                .put("succeeded", byStatus[ExecutionStatus.SUCCEEDED.ordinal()])
                .put("failed", byStatus[ExecutionStatus.FAILED.ordinal()])
                .put("timedOut", byStatus[ExecutionStatus.TIMED_OUT.ordinal()])
                .put("aborted", byStatus[ExecutionStatus.ABORTED.ordinal()])
                .put("notStarted", total - started);
    }

    /** Each child's output; for a failed one its execution record, as Step Functions returns it. */
    private static ArrayNode output(ExecutionResult[] results) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ExecutionResult result : results) {
            if (result.succeeded()) {
                out.add(result.output());
            } else {
                out.addObject().put("ExecutionArn", result.executionArn()).put("Status", result.status().name())
                        .put("Error", result.error()).put("Cause", result.cause());
            }
        }
        return out;
    }
}
