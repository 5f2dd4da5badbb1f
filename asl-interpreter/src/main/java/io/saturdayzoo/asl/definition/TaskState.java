package io.saturdayzoo.asl.definition;

import java.util.List;

/**
 * A Task state: calls what is bound to it.
 *
 * @param timeoutSeconds TimeoutSeconds or TimeoutSecondsPath (read from the raw input), or neither
 */
public record TaskState(String name, String next, DataFlow dataFlow, String resource, ValueOrPath timeoutSeconds,
                        List<Retrier> retriers, List<Catcher> catchers) implements StateDefinition {
    @Override
    public StateType type() {
        return StateType.Task;
    }
}
