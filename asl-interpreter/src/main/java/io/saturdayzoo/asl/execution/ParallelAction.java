package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
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
        JsonNode result = FanOut.joined(run, thread, state.name(), failure, HistoryEventType.ParallelStateFailed,
                HistoryEventType.ParallelStateSucceeded, outputs);
        return Outcome.proceed(state, result);
    }
}
