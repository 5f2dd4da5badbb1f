package io.saturdayzoo.asl.execution;

/**
 * Live progress: called for every history event as it is recorded (state entered/exited with wall time, task
 * scheduled/succeeded/failed, branch and iteration outcomes). Calls are serialized, in history order, and run on
 * the execution's threads: keep them quick.
 */
@FunctionalInterface
public interface ExecutionListener {
    ExecutionListener NONE = event -> { };

    void onEvent(HistoryEvent event);
}
