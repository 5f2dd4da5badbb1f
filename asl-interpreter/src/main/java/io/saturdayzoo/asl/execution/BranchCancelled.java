package io.saturdayzoo.asl.execution;

/**
 * Unwinds a Parallel branch or Map iteration whose scope was cancelled. Not an ASL error: Retry and Catch never
 * see it, it only stops the thread at its next state transition.
 */
final class BranchCancelled extends RuntimeException {
    final String lastState;
    final boolean discardedTaskResult;

    BranchCancelled(String lastState, boolean discardedTaskResult) {
        super("cancelled after state '" + lastState + "'", null, false, false);
        this.lastState = lastState;
        this.discardedTaskResult = discardedTaskResult;
    }
}
