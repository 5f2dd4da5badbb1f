package io.saturdayzoo.asl.definition;

/**
 * A Fail state: fails the execution. Error and ErrorPath (Cause and CausePath) exclude each other; all may be null.
 */
public record FailState(String name, String error, String errorPath, String cause, String causePath)
        implements StateDefinition {
    @Override
    public StateType type() {
        return StateType.Fail;
    }

    @Override
    public String next() {
        return null;
    }

    @Override
    public DataFlow dataFlow() {
        return DataFlow.NONE;
    }
}
