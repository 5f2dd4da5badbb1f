package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.definition.StateType;

/**
 * History event types, named exactly as GetExecutionHistory names them. Two are local additions, marked below:
 * AWS has no per-branch abort event and no generic per-state failure event, but both make a local run readable.
 */
public enum HistoryEventType {
    ExecutionStarted, ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut, ExecutionAborted,
    TaskStateEntered, TaskStateExited, PassStateEntered, PassStateExited, ChoiceStateEntered, ChoiceStateExited,
    WaitStateEntered, WaitStateExited, SucceedStateEntered, SucceedStateExited, FailStateEntered,
    ParallelStateEntered, ParallelStateExited, MapStateEntered, MapStateExited,
    TaskScheduled, TaskStarted, TaskSucceeded, TaskFailed, TaskTimedOut,
    ParallelStateStarted, ParallelStateSucceeded, ParallelStateFailed,
    MapStateStarted, MapStateSucceeded, MapStateFailed,
    MapIterationStarted, MapIterationSucceeded, MapIterationFailed, MapIterationAborted,
    MapRunStarted, MapRunSucceeded, MapRunFailed, MapRunAborted,
    /** Local addition: a Parallel branch stopped because a sibling failed; details name its last state. */
    ParallelBranchAborted,
    /** Local addition: a state raised an error; details say whether it will be retried or was caught. */
    StateFailed;

    public static HistoryEventType entered(StateType type) {
        return valueOf(type.name() + "StateEntered");
    }

    public static HistoryEventType exited(StateType type) {
        return valueOf(type.name() + "StateExited");
    }
}
