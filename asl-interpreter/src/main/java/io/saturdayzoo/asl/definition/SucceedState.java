package io.saturdayzoo.asl.definition;

/** A Succeed state: ends its scope successfully with its effective input. */
public record SucceedState(String name, DataFlow dataFlow) implements StateDefinition {
    @Override
    public StateType type() {
        return StateType.Succeed;
    }

    @Override
    public String next() {
        return null;
    }
}
