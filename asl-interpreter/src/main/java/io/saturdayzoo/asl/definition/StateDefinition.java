package io.saturdayzoo.asl.definition;

import java.util.List;

/**
 * One state of a definition, parsed and validated once: a record per state type with typed fields, so nothing reads
 * the state's JSON while the machine runs. To add a state type: a record here, its parsing in {@link StateParser},
 * and a class that executes it in the execution package.
 */
public sealed interface StateDefinition
        permits PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState, ParallelState, MapState {

    String name();

    StateType type();

    /**
     * The state to run next, or null when this state ends its scope (End: true, Succeed, Fail) or, for a Choice,
     * decides at run time.
     */
    String next();

    /** The input and output processing fields this state type has. */
    DataFlow dataFlow();

    /** Retry entries, in order (Task, Parallel and Map have them). */
    default List<Retrier> retriers() {
        return List.of();
    }

    /** Catch entries, in order (Task, Parallel and Map have them). */
    default List<Catcher> catchers() {
        return List.of();
    }
}
