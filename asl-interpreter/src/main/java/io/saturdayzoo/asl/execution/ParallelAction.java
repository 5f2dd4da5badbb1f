package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.saturdayzoo.asl.definition.ParallelState;
import io.saturdayzoo.asl.definition.StateScope;
import io.saturdayzoo.asl.errors.StatesException;

import java.util.ArrayList;
import java.util.List;

/**
 * Parallel: every branch runs on its own thread and virtual clock from a copy of the effective input; the result
 * is their outputs in branch order. A branch's unhandled error cancels the others and, once they have stopped,
 * fails the Parallel.
 */
final class ParallelAction implements StateAction<ParallelState> {
    @Override
    public Outcome execute(ParallelState state, Attempt attempt) {
        ExecutionRun run = attempt.run();
        ExecutionThread thread = attempt.thread();
        run.history.record(thread, HistoryEventType.ParallelStateStarted, state.name(), HistoryLog.details(), null);
        Cancellation scope = thread.cancellation.child();
        List<StateScope> branches = state.branches();
        JsonNode[] outputs = new JsonNode[branches.size()];
        List<ExecutionThread> children = new ArrayList<>();
        FanOut fanOut = new FanOut(run.env.pool);
        for (int i = 0; i < branches.size(); i++) {
            int index = i;
            ExecutionThread child = thread.fork(state.name() + "/Branches[" + i + "]", ExecutionThread.Kind.BRANCH,
                    i, scope, thread.now());
            children.add(child);
            JsonNode branchInput = attempt.input().deepCopy();
            fanOut.submit(() -> outputs[index] = run.runThread(branches.get(index), branchInput, child));
        }
        StatesException failure = fanOut.awaitAll(scope);
        children.forEach(c -> thread.advanceTo(c.now()));
        if (failure != null) {
            run.history.record(thread, HistoryEventType.ParallelStateFailed, state.name(), HistoryLog.details()
                    .put("error", failure.error()).put("cause", failure.errorCause()), null);
            throw failure;
        }
        if (thread.cancellation.isCancelled()) {
            throw new BranchCancelled(state.name(), false);
        }
        run.history.record(thread, HistoryEventType.ParallelStateSucceeded, state.name(), HistoryLog.details(), null);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode output : outputs) {
            result.add(output);
        }
        return Outcome.proceed(state, result);
    }
}
