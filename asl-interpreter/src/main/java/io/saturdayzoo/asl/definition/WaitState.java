package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Wait state: exactly one of its four duration fields is set (the parser checks), the others are null.
 *
 * @param timestamp the Timestamp field as written (validated when the state runs)
 */
public record WaitState(String name, String next, DataFlow dataFlow, Long seconds, String secondsPath,
                        JsonNode timestamp, String timestampPath) implements StateDefinition {
    @Override
    public StateType type() {
        return StateType.Wait;
    }
}
