package io.saturdayzoo.asl.choice;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.paths.JsonPaths;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates Choice rules: data-test expressions (String*, Numeric*, Boolean*, Timestamp*, each with a *Path form,
 * StringMatches and the Is* type tests) and the And / Or / Not combinators. A comparison whose operand has the
 * wrong type is false; a Variable that selects nothing is States.Runtime, except under IsPresent.
 */
public final class ChoiceRules {
    private ChoiceRules() {
    }

    /** A Choice state as written: the Next of its first matching rule, else its Default. */
    public static String choose(JsonNode choiceState, JsonNode input, JsonNode context, String stateName) {
        List<JsonNode> rules = new ArrayList<>();
        choiceState.path("Choices").forEach(rules::add);
        String defaultNext = choiceState.path("Default").isTextual() ? choiceState.get("Default").asText() : null;
        return choose(rules, defaultNext, input, context, stateName);
    }

    /** The Next of the first matching rule, else {@code defaultNext}, else States.NoChoiceMatched. */
    public static String choose(List<JsonNode> rules, String defaultNext, JsonNode input, JsonNode context,
                                String stateName) {
        for (JsonNode rule : rules) {
            if (matches(rule, input, context)) {
                return rule.get("Next").asText();
            }
        }
        if (defaultNext != null) {
            return defaultNext;
        }
        throw new StatesException(StatesErrors.NO_CHOICE_MATCHED,
                "No Choice rule of state '" + stateName + "' matched the input '" + input + "' and there is no Default");
    }

    public static boolean matches(JsonNode rule, JsonNode input, JsonNode context) {
        if (rule.has("And")) {
            for (JsonNode child : rule.get("And")) {
                if (!matches(child, input, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode child : rule.get("Or")) {
                if (matches(child, input, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, context);
        }
        String variable = rule.path("Variable").asText(null);
        if (variable == null) {
            throw new StatesException(StatesErrors.RUNTIME, "Choice rule has no Variable: " + rule);
        }
        String operator = operatorOf(rule);
        JsonNode expected = rule.get(operator);
        Optional<JsonNode> actual = JsonPaths.find(variable, input, context);
        if ("IsPresent".equals(operator)) {
            return actual.isPresent() == expected.asBoolean();
        }
        if (actual.isEmpty()) {
            throw new StatesException(StatesErrors.RUNTIME, "Invalid path '" + variable
                    + "': the Choice rule's Variable selects nothing in the input '" + input + "'");
        }
        JsonNode value = actual.get();
        if (operator.endsWith("Path")) {
            String path = expected.asText();
            expected = JsonPaths.read(path, input, context, operator, StatesErrors.RUNTIME);
            operator = operator.substring(0, operator.length() - "Path".length());
        }
        return test(operator, value, expected);
    }

    private static String operatorOf(JsonNode rule) {
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("Variable") && !name.equals("Next") && !name.equals("Comment")) {
                return name;
            }
        }
        throw new StatesException(StatesErrors.RUNTIME, "Choice rule has no comparison operator: " + rule);
    }

    private static boolean test(String operator, JsonNode value, JsonNode expected) {
        return switch (operator) {
            case "IsNull" -> value.isNull() == expected.asBoolean();
            case "IsNumeric" -> value.isNumber() == expected.asBoolean();
            case "IsString" -> value.isTextual() == expected.asBoolean();
            case "IsBoolean" -> value.isBoolean() == expected.asBoolean();
            case "IsTimestamp" -> (timestamp(value) != null) == expected.asBoolean();
            case "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals",
                 "StringGreaterThanEquals" -> value.isTextual() && expected.isTextual()
                    && compare(operator.substring("String".length()), value.asText().compareTo(expected.asText()));
            case "StringMatches" -> value.isTextual() && wildcard(expected.asText()).matcher(value.asText()).matches();
            case "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals",
                 "NumericGreaterThanEquals" -> value.isNumber() && expected.isNumber()
                    && compare(operator.substring("Numeric".length()),
                    value.decimalValue().compareTo(expected.decimalValue()));
            case "BooleanEquals" -> value.isBoolean() && expected.isBoolean() && value.asBoolean() == expected.asBoolean();
            case "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
                 "TimestampGreaterThanEquals" -> {
                OffsetDateTime left = timestamp(value);
                OffsetDateTime right = timestamp(expected);
                yield left != null && right != null
                        && compare(operator.substring("Timestamp".length()), left.toInstant().compareTo(right.toInstant()));
            }
            default -> throw new StatesException(StatesErrors.RUNTIME, "unknown Choice operator '" + operator + "'");
        };
    }

    private static boolean compare(String relation, int order) {
        return switch (relation) {
            case "Equals" -> order == 0;
            case "LessThan" -> order < 0;
            case "GreaterThan" -> order > 0;
            case "LessThanEquals" -> order <= 0;
            case "GreaterThanEquals" -> order >= 0;
            default -> throw new StatesException(StatesErrors.RUNTIME, "unknown comparison '" + relation + "'");
        };
    }

    /** RFC 3339 timestamps (a "T" separator and an offset or "Z" are required), or null. */
    public static OffsetDateTime timestamp(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** StringMatches: "*" matches any run of characters; "\*" and "\\" are literal. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (c == '*') {
                regex.append(Pattern.quote(literal.toString())).append(".*");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
