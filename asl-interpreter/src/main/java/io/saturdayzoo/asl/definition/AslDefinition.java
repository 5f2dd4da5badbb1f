package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A parsed and structurally validated state machine definition.
 *
 * <p>{@link #parse(String)} checks what Step Functions checks when a state machine is created: StartAt and every
 * Next/Default/Catch target exist in their own scope, every state is reachable, each state has a way out, retriers
 * and catchers put States.ALL alone and last, Wait has exactly one duration field. All problems are reported at once.
 */
public final class AslDefinition {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WAIT_FIELDS = Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath");

    private final StateScope root;
    private final ObjectNode json;

    private AslDefinition(StateScope root, ObjectNode json) {
        this.root = root;
        this.json = json;
    }

    public static AslDefinition parse(String definitionJson) {
        JsonNode node;
        try {
            node = JSON.readTree(definitionJson);
        } catch (JsonProcessingException e) {
            throw new AslDefinitionException(List.of("definition is not valid JSON: " + e.getOriginalMessage()));
        }
        return parse(node);
    }

    public static AslDefinition parse(JsonNode definition) {
        if (definition == null || !definition.isObject()) {
            throw new AslDefinitionException(List.of("definition must be a JSON object"));
        }
        List<String> problems = new ArrayList<>();
        StateScope root = new Parser(problems).scope("root", (ObjectNode) definition);
        if (!problems.isEmpty()) {
            throw new AslDefinitionException(problems);
        }
        return new AslDefinition(root, ((ObjectNode) definition).deepCopy());
    }

    public StateScope root() {
        return root;
    }

    /** The definition as parsed (a copy; changing it changes nothing here). */
    public ObjectNode json() {
        return json.deepCopy();
    }

    private static final class Parser {
        private final List<String> problems;

        Parser(List<String> problems) {
            this.problems = problems;
        }

        StateScope scope(String label, ObjectNode node) {
            String startAt = node.path("StartAt").isTextual() ? node.get("StartAt").asText() : null;
            if (startAt == null) {
                problems.add(label + ": field 'StartAt' is missing or not a string");
            }
            JsonNode statesNode = node.get("States");
            Map<String, StateDef> states = new LinkedHashMap<>();
            if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
                problems.add(label + ": field 'States' must be a non-empty object");
            } else {
                statesNode.fields().forEachRemaining(e -> {
                    StateDef state = state(label, e.getKey(), e.getValue());
                    if (state != null) {
                        states.put(e.getKey(), state);
                    }
                });
            }
            OptionalInt timeout = node.has("TimeoutSeconds") ? OptionalInt.of(node.get("TimeoutSeconds").asInt())
                    : OptionalInt.empty();
            StateScope scope = new StateScope(label, startAt, Collections.unmodifiableMap(states), timeout);
            if (startAt != null && statesNode != null && statesNode.isObject() && !statesNode.has(startAt)) {
                problems.add(label + ": StartAt '" + startAt + "' is not a state of this scope");
            }
            checkTargetsAndReachability(scope, statesNode);
            return scope;
        }

        private StateDef state(String scopeLabel, String name, JsonNode node) {
            String where = scopeLabel + " state '" + name + "'";
            if (name.length() > 80) {
                problems.add(where + ": state names are limited to 80 characters");
            }
            if (!node.isObject()) {
                problems.add(where + ": must be a JSON object");
                return null;
            }
            ObjectNode json = (ObjectNode) node;
            StateType type;
            try {
                type = StateType.valueOf(json.path("Type").asText(""));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": field 'Type': unknown value '" + json.path("Type").asText("")
                        + "' (expected Task|Pass|Choice|Wait|Succeed|Fail|Parallel|Map)");
                return null;
            }
            if (type.usesNextOrEnd()) {
                boolean hasNext = json.path("Next").isTextual();
                boolean end = json.path("End").asBoolean(false);
                if (hasNext == end) {
                    problems.add(where + ": needs exactly one of 'Next' or 'End': true");
                }
            } else if (json.has("Next") || json.has("End")) {
                problems.add(where + ": a " + type + " state may not have 'Next' or 'End'");
            }
            switch (type) {
                case Task -> {
                    if (!json.path("Resource").isTextual()) {
                        problems.add(where + ": field 'Resource' is missing or not a string");
                    }
                }
                case Choice -> {
                    if (!json.path("Choices").isArray() || json.get("Choices").isEmpty()) {
                        problems.add(where + ": field 'Choices' must be a non-empty array");
                    }
                }
                case Wait -> {
                    long present = WAIT_FIELDS.stream().filter(json::has).count();
                    if (present != 1) {
                        problems.add(where + ": needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
                    }
                }
                case Fail -> {
                    if (json.has("Error") && json.has("ErrorPath")) {
                        problems.add(where + ": 'Error' and 'ErrorPath' are mutually exclusive");
                    }
                    if (json.has("Cause") && json.has("CausePath")) {
                        problems.add(where + ": 'Cause' and 'CausePath' are mutually exclusive");
                    }
                }
                default -> { }
            }
            List<StateScope> branches = List.of();
            StateScope itemProcessor = null;
            if (type == StateType.Parallel) {
                JsonNode branchesNode = json.get("Branches");
                if (branchesNode == null || !branchesNode.isArray() || branchesNode.isEmpty()) {
                    problems.add(where + ": field 'Branches' must be a non-empty array");
                } else {
                    List<StateScope> parsed = new ArrayList<>();
                    for (int i = 0; i < branchesNode.size(); i++) {
                        String label = scopeLabel + "/" + name + "/Branches[" + i + "]";
                        if (branchesNode.get(i).isObject()) {
                            parsed.add(scope(label, (ObjectNode) branchesNode.get(i)));
                        } else {
                            problems.add(label + ": must be a JSON object");
                        }
                    }
                    branches = List.copyOf(parsed);
                }
            }
            if (type == StateType.Map) {
                String field = json.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
                JsonNode processor = json.get(field);
                if (processor == null || !processor.isObject()) {
                    problems.add(where + ": needs an 'ItemProcessor' (or legacy 'Iterator') object");
                } else {
                    itemProcessor = scope(scopeLabel + "/" + name + "/" + field, (ObjectNode) processor);
                }
                if (json.has("ItemSelector") && json.has("Parameters")) {
                    problems.add(where + ": 'ItemSelector' and legacy 'Parameters' are mutually exclusive");
                }
            }
            return new StateDef(name, type, json, retriers(where, json.get("Retry")),
                    catchers(where, json.get("Catch")), branches, itemProcessor);
        }

        private List<Retrier> retriers(String where, JsonNode node) {
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

        private List<Catcher> catchers(String where, JsonNode node) {
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
                Optional<String> resultPath = !c.has("ResultPath") ? Optional.of("$")
                        : c.get("ResultPath").isNull() ? Optional.empty() : Optional.of(c.get("ResultPath").asText());
                out.add(new Catcher(errors, c.path("Next").asText(null), resultPath));
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

        private void checkTargetsAndReachability(StateScope scope, JsonNode statesNode) {
            if (statesNode == null || !statesNode.isObject()) {
                return;
            }
            Map<String, List<String>> edges = new LinkedHashMap<>();
            statesNode.fields().forEachRemaining(e -> {
                List<String> targets = new ArrayList<>();
                JsonNode s = e.getValue();
                if (s.path("Next").isTextual()) {
                    targets.add(s.get("Next").asText());
                }
                if (s.path("Default").isTextual()) {
                    targets.add(s.get("Default").asText());
                }
                s.path("Choices").forEach(c -> {
                    if (c.path("Next").isTextual()) {
                        targets.add(c.get("Next").asText());
                    } else {
                        problems.add(scope.label() + " state '" + e.getKey() + "': every Choice rule needs a 'Next'");
                    }
                });
                s.path("Catch").forEach(c -> {
                    if (c.path("Next").isTextual()) {
                        targets.add(c.get("Next").asText());
                    }
                });
                for (String target : targets) {
                    if (!statesNode.has(target)) {
                        problems.add(scope.label() + " state '" + e.getKey() + "': transition target '" + target
                                + "' is not a state of this scope");
                    }
                }
                edges.put(e.getKey(), targets);
            });
            if (scope.startAt() == null || !statesNode.has(scope.startAt())) {
                return;
            }
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(scope.startAt()));
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (seen.add(name)) {
                    edges.getOrDefault(name, List.of()).forEach(todo::push);
                }
            }
            for (String name : edges.keySet()) {
                if (!seen.contains(name)) {
                    problems.add(scope.label() + " state '" + name + "': is not reachable from StartAt");
                }
            }
        }
    }
}
