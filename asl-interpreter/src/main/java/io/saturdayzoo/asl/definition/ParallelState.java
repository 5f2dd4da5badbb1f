package io.saturdayzoo.asl.definition;

import java.util.List;

/** A Parallel state: runs every branch on a copy of its effective input; the result is their outputs in order. */
public record ParallelState(String name, String next, DataFlow dataFlow, List<StateScope> branches,
                           List<Retrier> retriers, List<Catcher> catchers) implements StateDefinition {
    @Override
    public StateType type() {
        return StateType.Parallel;
    }
}
