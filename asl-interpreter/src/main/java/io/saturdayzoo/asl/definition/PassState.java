package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Pass state: passes its effective input on, or its fixed Result.
 *
 * @param result the Result field, or null (a JSON null Result is a NullNode)
 */
public record PassState(String name, String next, DataFlow dataFlow, JsonNode result) implements StateDefinition {
    @Override
    public StateType type() {
        return StateType.Pass;
    }
}
