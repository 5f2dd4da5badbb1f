package io.saturdayzoo.asl.paths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a state result into its raw input at a ResultPath. Hand-written because JsonPath can only set existing
 * parents, while ResultPath must create missing intermediate objects; a Reference Path is a plain chain of field
 * names and indexes ("$.a.b", "$['a'].b", "$.list[0]"), so parsing it is small.
 */
public final class ReferencePath {
    private final String text;
    private final List<Object> steps; // String = field name, Integer = array index

    private ReferencePath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    public static ReferencePath parse(String path) {
        if (!path.startsWith("$") || path.startsWith("$$")) {
            throw new StatesException(StatesErrors.RUNTIME, "ResultPath '" + path + "' is not a reference path");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw invalid(path);
                }
                steps.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw invalid(path);
                }
                String inside = path.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                        || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        steps.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        throw invalid(path);
                    }
                }
                i = close + 1;
            } else {
                throw invalid(path);
            }
        }
        return new ReferencePath(path, List.copyOf(steps));
    }

    private static StatesException invalid(String path) {
        return new StatesException(StatesErrors.RUNTIME, "ResultPath '" + path
                + "' is not a reference path (only field names and array indexes are allowed)");
    }

    /**
     * The state output before OutputPath: {@code resultPath} empty (JSON null) keeps the raw input,
     * "$" replaces it, anything else copies the input and sets the result inside it.
     */
    public static JsonNode apply(Optional<String> resultPath, JsonNode rawInput, JsonNode result) {
        if (resultPath.isEmpty()) {
            return rawInput;
        }
        return parse(resultPath.get()).set(rawInput, result);
    }

    JsonNode set(JsonNode rawInput, JsonNode result) {
        if (steps.isEmpty()) {
            return result;
        }
        if (!rawInput.isObject() && !(rawInput.isArray() && steps.get(0) instanceof Integer)) {
            throw mismatch(rawInput);
        }
        JsonNode copy = rawInput.deepCopy();
        JsonNode cursor = copy;
        for (int s = 0; s < steps.size(); s++) {
            Object step = steps.get(s);
            boolean last = s == steps.size() - 1;
            if (step instanceof String field) {
                if (!(cursor instanceof ObjectNode object)) {
                    throw mismatch(rawInput);
                }
                if (last) {
                    object.set(field, result);
                } else {
                    JsonNode child = object.get(field);
                    if (child == null || child.isNull()) {
                        child = object.putObject(field);
                    }
                    cursor = child;
                }
            } else {
                int index = (Integer) step;
                if (!(cursor instanceof ArrayNode array) || index < 0 || index >= array.size()) {
                    throw mismatch(rawInput);
                }
                if (last) {
                    array.set(index, result);
                } else {
                    cursor = array.get(index);
                }
            }
        }
        return copy;
    }

    private StatesException mismatch(JsonNode input) {
        return new StatesException(StatesErrors.RESULT_PATH_MATCH_FAILURE,
                "Unable to apply ResultPath '" + text + "' to input '" + input + "'");
    }
}
