package io.saturdayzoo.statemachine.topology;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;

/**
 * Picks a Choice state's next state for a given input, for the comparison operators the Saturday definition uses.
 * An operator it does not know fails the test, so a new kind of condition cannot slip past unchecked.
 */
final class ChoiceEvaluator {

    private static final Object ABSENT = new Object();

    private ChoiceEvaluator() {
    }

    static String next(JsonNode choiceState, JsonNode input) {
        String json = input.toString();
        for (JsonNode rule : choiceState.path("Choices")) {
            if (matches(rule, json)) {
                return rule.path("Next").asText();
            }
        }
        if (!choiceState.hasNonNull("Default")) {
            throw new IllegalStateException("no choice matched and no Default: States.NoChoiceMatched");
        }
        return choiceState.get("Default").asText();
    }

    private static boolean matches(JsonNode rule, String json) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, json)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, json)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), json);
        }
        Object value = read(json, rule.path("Variable").asText());
        for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            switch (field) {
                case "Variable", "Next" -> { }
                case "IsPresent" -> {
                    return (value != ABSENT) == rule.get(field).asBoolean();
                }
                case "BooleanEquals" -> {
                    if (value == ABSENT) {
                        throw new IllegalStateException("States.Runtime: " + rule.path("Variable").asText()
                                + " is absent for BooleanEquals");
                    }
                    return value instanceof Boolean b && b == rule.get(field).asBoolean();
                }
                case "StringEquals" -> {
                    if (value == ABSENT) {
                        throw new IllegalStateException("States.Runtime: " + rule.path("Variable").asText()
                                + " is absent for StringEquals");
                    }
                    return rule.get(field).asText().equals(value);
                }
                default -> throw new IllegalArgumentException("operator not understood by this evaluator: " + field);
            }
        }
        throw new IllegalArgumentException("rule without operator: " + rule);
    }

    private static Object read(String json, String path) {
        try {
            Object value = JsonPath.using(Configuration.defaultConfiguration()).parse(json).read(path);
            return value;
        } catch (PathNotFoundException absent) {
            return ABSENT;
        }
    }
}
