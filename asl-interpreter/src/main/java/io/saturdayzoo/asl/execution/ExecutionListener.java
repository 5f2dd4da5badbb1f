package io.saturdayzoo.asl.execution;

/**
 * Live progress: called for every history event as it is recorded (state entered/exited with wall time, task
 * scheduled/succeeded/failed, branch and iteration outcomes). Events of a Distributed Map's child executions come
 * here too, their path placed below the Map's iteration ("TrainAll/Iteration[3]/..."), so one display follows the
 * items of both Map modes alike; their ids are those of the child's own history. Calls are serialized, in each
 * history's order, and run on the execution's threads: keep them quick.
 */
@FunctionalInterface
public interface ExecutionListener {
    ExecutionListener NONE = event -> { };

    void onEvent(HistoryEvent event);
}
