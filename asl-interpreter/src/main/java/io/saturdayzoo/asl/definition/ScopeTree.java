package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The scopes of an ASL document as written, before any validation: a scope's states in document order, and for each
 * Parallel or Map state the scopes nested in it. This is the one place that knows where ASL nests scopes (a
 * Parallel's "Branches", a Map's "ItemProcessor" or its legacy name "Iterator"); the parser, the local runner's
 * bindings and graph, and the topology rules all walk this tree. Malformed parts stay as they are (a scope without
 * "States" has no states, a branch that is not an object keeps its JSON) for each walker to judge.
 *
 * @param json   the scope object as written: the whole definition, one branch, or one item processor
 * @param states its states, in document order
 */
public record ScopeTree(JsonNode json, List<StateNode> states) {

    public static ScopeTree of(JsonNode scope) {
        List<StateNode> states = new ArrayList<>();
        scope.path("States").fields().forEachRemaining(e -> states.add(StateNode.of(e.getKey(), e.getValue())));
        return new ScopeTree(scope, List.copyOf(states));
    }

    /** StartAt as written, or null when it is missing or not a string. */
    public String startAt() {
        return json.path("StartAt").isTextual() ? json.get("StartAt").asText() : null;
    }

    /** Names of the states reachable from StartAt by transitions within this scope (none when StartAt is absent). */
    public Set<String> reachableFromStartAt() {
        Map<String, StateNode> byName = new LinkedHashMap<>();
        states.forEach(state -> byName.put(state.name(), state));
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        if (startAt() != null) {
            todo.add(startAt());
        }
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (byName.containsKey(name) && seen.add(name)) {
                todo.addAll(transitions(byName.get(name).json()));
            }
        }
        return seen;
    }

    /** Every transition target a state names: Next, Default, each Choice rule's Next, each Catch's Next. */
    public static List<String> transitions(JsonNode state) {
        List<String> targets = new ArrayList<>();
        addText(targets, state.get("Next"));
        addText(targets, state.get("Default"));
        state.path("Choices").forEach(rule -> addText(targets, rule.get("Next")));
        state.path("Catch").forEach(catcher -> addText(targets, catcher.get("Next")));
        return targets;
    }

    private static void addText(List<String> targets, JsonNode value) {
        if (value != null && value.isTextual()) {
            targets.add(value.asText());
        }
    }

    /**
     * Every state of this scope and of the scopes nested in it, depth first: each Parallel or Map state is followed
     * by the states of its branches or item processor, then by its own next sibling.
     */
    public Stream<StateNode> allStates() {
        return states.stream().flatMap(state -> Stream.concat(Stream.of(state),
                state.nested().stream().flatMap(nested -> nested.scope().allStates())));
    }

    /** One state as written, with the scopes nested in it (none unless it is a Parallel or a Map). */
    public record StateNode(String name, JsonNode json, List<NestedScope> nested) {

        static StateNode of(String name, JsonNode json) {
            return new StateNode(name, json, nestedIn(json));
        }

        /** The "Type" field as written, or "" when it is missing. */
        public String type() {
            return json.path("Type").asText("");
        }
    }

    /**
     * A scope nested in a state.
     *
     * @param field "Branches", "ItemProcessor" or "Iterator"
     * @param index the branch's position in "Branches"; 0 for an item processor
     */
    public record NestedScope(String field, int index, ScopeTree scope) {
        public static final String BRANCHES = "Branches";

        public boolean isBranch() {
            return BRANCHES.equals(field);
        }

        /** "Branches[1]", "ItemProcessor" or "Iterator": the field path of the scope below its state. */
        public String label() {
            return isBranch() ? field + "[" + index + "]" : field;
        }
    }

    private static List<NestedScope> nestedIn(JsonNode state) {
        List<NestedScope> nested = new ArrayList<>();
        switch (state.path("Type").asText("")) {
            case "Parallel" -> {
                JsonNode branches = state.path(NestedScope.BRANCHES);
                for (int i = 0; branches.isArray() && i < branches.size(); i++) {
                    nested.add(new NestedScope(NestedScope.BRANCHES, i, of(branches.get(i))));
                }
            }
            case "Map" -> {
                String field = state.has("ItemProcessor") ? "ItemProcessor" : state.has("Iterator") ? "Iterator" : null;
                if (field != null) {
                    nested.add(new NestedScope(field, 0, of(state.get(field))));
                }
            }
            default -> { }
        }
        return List.copyOf(nested);
    }
}
