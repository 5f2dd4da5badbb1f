package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.ScopeTree.NestedScope;
import io.saturdayzoo.asl.definition.ScopeTree.StateNode;
import io.saturdayzoo.asl.paths.JsonPaths.StateField;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses one state into its typed record, checking what Step Functions checks when a state machine is created:
 * a known Type, exactly one of Next or End, each type's required fields, retriers and catchers with States.ALL
 * alone and last. Problems are collected; a state too broken to type is skipped (null).
 */
final class StateParser {
    private static final Set<String> WAIT_FIELDS = Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath");
    private static final Set<StateType> MAY_RETRY_AND_CATCH = Set.of(StateType.Task, StateType.Parallel, StateType.Map);

    private final List<String> problems;
    private final DefinitionParser scopes;
    private final DistributedModeParser distributedModes;

    StateParser(List<String> problems, DefinitionParser scopes) {
        this.problems = problems;
        this.scopes = scopes;
        this.distributedModes = new DistributedModeParser(problems);
    }

    StateDefinition parse(String scopeLabel, StateNode node) {
        String name = node.name();
        String where = scopeLabel + " state '" + name + "'";
        if (name.length() > 80) {
            problems.add(where + ": state names are limited to 80 characters");
        }
        if (!node.json().isObject()) {
            problems.add(where + ": must be a JSON object");
            return null;
        }
        ObjectNode json = (ObjectNode) node.json();
        StateType type;
        try {
            type = StateType.valueOf(node.type());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": field 'Type': unknown value '" + node.type()
                    + "' (expected Task|Pass|Choice|Wait|Succeed|Fail|Parallel|Map)");
            return null;
        }
        checkNextOrEnd(where, type, json);
        String next = json.path("End").asBoolean(false) ? null : text(json, "Next");
        StateDefinition parsed = switch (type) {
            case Task -> {
                if (!json.path("Resource").isTextual()) {
                    problems.add(where + ": field 'Resource' is missing or not a string");
                }
                yield new TaskState(name, next, dataFlow(json, true, true), text(json, "Resource"),
                        ValueOrPath.of("TimeoutSeconds", json), retriers(where, json), catchers(where, json));
            }
            case Pass -> new PassState(name, next, dataFlow(json, true, false), json.get("Result"));
            case Choice -> choice(where, name, json);
            case Wait -> wait(where, name, next, json);
            case Succeed -> new SucceedState(name, inputOutputOnly(json));
            case Fail -> fail(where, name, json);
            case Parallel -> new ParallelState(name, next, dataFlow(json, true, true),
                    branches(where, scopeLabel, node), retriers(where, json), catchers(where, json));
            case Map -> map(where, scopeLabel, node, next);
        };
        if (!MAY_RETRY_AND_CATCH.contains(type)) {
            retriers(where, json);
            catchers(where, json);
            if (json.has("Retry") || json.has("Catch")) {
                problems.add(where + ": a " + type + " state may not have 'Retry' or 'Catch'");
            }
        }
        return parsed;
    }

    private void checkNextOrEnd(String where, StateType type, JsonNode json) {
        if (type.usesNextOrEnd()) {
            boolean hasNext = json.path("Next").isTextual();
            boolean end = json.path("End").asBoolean(false);
            if (hasNext == end) {
                problems.add(where + ": needs exactly one of 'Next' or 'End': true");
            }
        } else if (json.has("Next") || json.has("End")) {
            problems.add(where + ": a " + type + " state may not have 'Next' or 'End'");
        }
    }

    private ChoiceState choice(String where, String name, JsonNode json) {
        List<JsonNode> rules = new ArrayList<>();
        if (!json.path("Choices").isArray() || json.get("Choices").isEmpty()) {
            problems.add(where + ": field 'Choices' must be a non-empty array");
        } else {
            json.get("Choices").forEach(rules::add);
        }
        return new ChoiceState(name, inputOutputOnly(json), List.copyOf(rules), text(json, "Default"));
    }

    private WaitState wait(String where, String name, String next, JsonNode json) {
        long present = WAIT_FIELDS.stream().filter(json::has).count();
        if (present != 1) {
            problems.add(where + ": needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
        }
        Long seconds = json.has("Seconds") ? json.get("Seconds").asLong() : null;
        return new WaitState(name, next, inputOutputOnly(json), seconds, text(json, "SecondsPath"),
                json.get("Timestamp"), text(json, "TimestampPath"));
    }

    private FailState fail(String where, String name, JsonNode json) {
        if (json.has("Error") && json.has("ErrorPath")) {
            problems.add(where + ": 'Error' and 'ErrorPath' are mutually exclusive");
        }
        if (json.has("Cause") && json.has("CausePath")) {
            problems.add(where + ": 'Cause' and 'CausePath' are mutually exclusive");
        }
        return new FailState(name, text(json, "Error"), text(json, "ErrorPath"), text(json, "Cause"),
                text(json, "CausePath"));
    }

    private List<StateScope> branches(String where, String scopeLabel, StateNode node) {
        JsonNode branches = node.json().get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            problems.add(where + ": field 'Branches' must be a non-empty array");
            return List.of();
        }
        List<StateScope> parsed = new ArrayList<>();
        for (NestedScope branch : node.nested()) {
            StateScope scope = scopes.nested(scopeLabel, node.name(), branch);
            if (scope != null) {
                parsed.add(scope);
            }
        }
        return List.copyOf(parsed);
    }

    private MapState map(String where, String scopeLabel, StateNode node, String next) {
        JsonNode json = node.json();
        StateScope processor = null;
        if (node.nested().isEmpty() || !node.nested().get(0).scope().json().isObject()) {
            problems.add(where + ": needs an 'ItemProcessor' (or legacy 'Iterator') object");
        } else {
            processor = scopes.nested(scopeLabel, node.name(), node.nested().get(0));
        }
        if (json.has("ItemSelector") && json.has("Parameters")) {
            problems.add(where + ": 'ItemSelector' and legacy 'Parameters' are mutually exclusive");
        }
        JsonNode selector = json.has("ItemSelector") ? json.get("ItemSelector") : json.get("Parameters");
        DistributedMode distributed = distributedModes.parse(where, json);
        // a Map's Parameters selects each item's input (legacy ItemSelector); it is not applied to the Map's input
        DataFlow dataFlow = new DataFlow(StateField.of("InputPath", json), null, json.get("ResultSelector"),
                DataFlow.resultPath(json.get("ResultPath")), StateField.of("OutputPath", json));
        return new MapState(node.name(), next, dataFlow, text(json, "ItemsPath"), selector, processor,
                ValueOrPath.of("MaxConcurrency", json), distributed, retriers(where, json), catchers(where, json));
    }

    /** InputPath, Parameters when the type has it, ResultSelector when the type has it, ResultPath, OutputPath. */
    private static DataFlow dataFlow(JsonNode json, boolean parameters, boolean resultSelector) {
        return new DataFlow(StateField.of("InputPath", json), parameters ? json.get("Parameters") : null,
                resultSelector ? json.get("ResultSelector") : null, DataFlow.resultPath(json.get("ResultPath")),
                StateField.of("OutputPath", json));
    }

    /** Choice, Wait and Succeed: only InputPath and OutputPath; the output is the effective input. */
    private static DataFlow inputOutputOnly(JsonNode json) {
        return new DataFlow(StateField.of("InputPath", json), null, null, Optional.of("$"),
                StateField.of("OutputPath", json));
    }

    private List<Retrier> retriers(String where, JsonNode state) {
        JsonNode node = state.get("Retry");
        if (node == null) {
            return List.of();
        }
        List<Retrier> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            List<String> errors = errorEquals(where + ": Retry[" + i + "]", r, i == node.size() - 1);
            int maxAttempts = r.path("MaxAttempts").asInt(3);
            double interval = r.path("IntervalSeconds").asDouble(1);
            double rate = r.path("BackoffRate").asDouble(2.0);
            if (maxAttempts < 0) {
                problems.add(where + ": Retry[" + i + "].MaxAttempts must be >= 0, was " + maxAttempts);
            }
            if (interval < 1 && r.has("IntervalSeconds")) {
                problems.add(where + ": Retry[" + i + "].IntervalSeconds must be >= 1, was " + interval);
            }
            if (rate < 1) {
                problems.add(where + ": Retry[" + i + "].BackoffRate must be >= 1.0, was " + rate);
            }
            Double maxDelay = r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asDouble() : null;
            boolean fullJitter = "FULL".equals(r.path("JitterStrategy").asText("NONE"));
            out.add(new Retrier(errors, interval, maxAttempts, rate, maxDelay, fullJitter));
        }
        return List.copyOf(out);
    }

    private List<Catcher> catchers(String where, JsonNode state) {
        JsonNode node = state.get("Catch");
        if (node == null) {
            return List.of();
        }
        List<Catcher> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            List<String> errors = errorEquals(where + ": Catch[" + i + "]", c, i == node.size() - 1);
            if (!c.path("Next").isTextual()) {
                problems.add(where + ": Catch[" + i + "].Next is missing");
            }
            out.add(new Catcher(errors, c.path("Next").asText(null), DataFlow.resultPath(c.get("ResultPath"))));
        }
        return List.copyOf(out);
    }

    private List<String> errorEquals(String where, JsonNode entry, boolean last) {
        JsonNode errors = entry.get("ErrorEquals");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            problems.add(where + ".ErrorEquals must be a non-empty array");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        errors.forEach(e -> names.add(e.asText()));
        if (names.contains("States.ALL") && (names.size() > 1 || !last)) {
            problems.add(where + ": States.ALL must appear alone and in the last entry");
        }
        return List.copyOf(names);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
