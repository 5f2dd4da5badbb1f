package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A Choice state: the first rule that matches names the next state, else Default.
 *
 * @param choices     the Choice rules as written (evaluated by ChoiceRules)
 * @param defaultNext the Default state, or null
 */
public record ChoiceState(String name, DataFlow dataFlow, List<JsonNode> choices, String defaultNext)
        implements StateDefinition {
    @Override
    public StateType type() {
        return StateType.Choice;
    }

    /** A Choice decides its next state at run time. */
    @Override
    public String next() {
        return null;
    }
}
