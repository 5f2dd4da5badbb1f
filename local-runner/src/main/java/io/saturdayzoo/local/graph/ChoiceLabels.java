package io.saturdayzoo.local.graph;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Short, readable labels for Choice rules: {@code skip_research = true}, {@code a = FAILED or b = FAILED}. */
final class ChoiceLabels {
    private ChoiceLabels() {
    }

    static String describe(JsonNode rule) {
        if (rule.has("And")) {
            return join(rule.get("And"), " and ");
        }
        if (rule.has("Or")) {
            return join(rule.get("Or"), " or ");
        }
        if (rule.has("Not")) {
            return "not (" + describe(rule.get("Not")) + ")";
        }
        if (rule.has("Condition")) {
            return rule.get("Condition").asText(); // JSONata rules carry their own text
        }
        String variable = shortPath(rule.path("Variable").asText("?"));
        for (Iterator<Map.Entry<String, JsonNode>> it = rule.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String op = field.getKey();
            if (op.equals("Variable") || op.equals("Next")) {
                continue;
            }
            if (op.equals("IsPresent")) {
                return variable + (field.getValue().asBoolean() ? " present" : " absent");
            }
            String value = field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
            if (op.endsWith("Path")) {
                value = shortPath(value);
                op = op.substring(0, op.length() - "Path".length());
            }
            return variable + " " + operator(op) + " " + value;
        }
        return variable;
    }

    private static String join(JsonNode rules, String separator) {
        List<String> parts = new ArrayList<>();
        rules.forEach(r -> parts.add(describe(r)));
        return String.join(separator, parts);
    }

    private static String operator(String op) {
        if (op.equals("IsPresent")) {
            return "present:";
        }
        if (op.startsWith("Is")) {
            return "is " + op.substring(2).toLowerCase() + ":";
        }
        if (op.endsWith("GreaterThanEquals")) {
            return ">=";
        }
        if (op.endsWith("LessThanEquals")) {
            return "<=";
        }
        if (op.endsWith("GreaterThan")) {
            return ">";
        }
        if (op.endsWith("LessThan")) {
            return "<";
        }
        if (op.endsWith("Equals")) {
            return "=";
        }
        return op;
    }

    /** "$.config.skip_research" reads as "skip_research": the last segment names the flag. */
    private static String shortPath(String path) {
        int dot = path.lastIndexOf('.');
        return dot >= 0 && dot < path.length() - 1 ? path.substring(dot + 1) : path;
    }
}
