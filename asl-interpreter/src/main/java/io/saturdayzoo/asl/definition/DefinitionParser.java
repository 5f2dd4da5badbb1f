package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.ScopeTree.NestedScope;
import io.saturdayzoo.asl.definition.ScopeTree.StateNode;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses scopes: StartAt, States (each through {@link StateParser}), TimeoutSeconds, then checks that every
 * transition stays in the scope and every state is reachable. Problems are collected, never thrown, so one parse
 * reports them all.
 */
final class DefinitionParser {
    private final List<String> problems;
    private final StateParser states;

    DefinitionParser(List<String> problems) {
        this.problems = problems;
        this.states = new StateParser(problems, this);
    }

    /** @param label where the scope sits, for messages: "root", "root/Fanout/Branches[1]", "root/M/ItemProcessor" */
    StateScope scope(String label, ScopeTree tree) {
        JsonNode node = tree.json();
        String startAt = tree.startAt();
        if (startAt == null) {
            problems.add(label + ": field 'StartAt' is missing or not a string");
        }
        JsonNode statesNode = node.get("States");
        boolean hasStates = statesNode != null && statesNode.isObject() && !statesNode.isEmpty();
        Map<String, StateDefinition> parsed = new LinkedHashMap<>();
        if (!hasStates) {
            problems.add(label + ": field 'States' must be a non-empty object");
        } else {
            for (StateNode state : tree.states()) {
                StateDefinition definition = states.parse(label, state);
                if (definition != null) {
                    parsed.put(state.name(), definition);
                }
            }
        }
        OptionalInt timeout = node.has("TimeoutSeconds") ? OptionalInt.of(node.get("TimeoutSeconds").asInt())
                : OptionalInt.empty();
        StateScope scope = new StateScope(label, startAt, Collections.unmodifiableMap(parsed), timeout);
        if (startAt != null && statesNode != null && statesNode.isObject() && !statesNode.has(startAt)) {
            problems.add(label + ": StartAt '" + startAt + "' is not a state of this scope");
        }
        if (statesNode != null && statesNode.isObject()) {
            checkTargetsAndReachability(label, tree);
        }
        return scope;
    }

    /** A scope nested in a state (a Parallel branch, a Map item processor): parsed when it is an object. */
    StateScope nested(String scopeLabel, String stateName, NestedScope nested) {
        String label = scopeLabel + "/" + stateName + "/" + nested.label();
        if (!nested.scope().json().isObject()) {
            problems.add(label + ": must be a JSON object");
            return null;
        }
        return scope(label, nested.scope());
    }

    private void checkTargetsAndReachability(String label, ScopeTree tree) {
        Set<String> names = new HashSet<>();
        tree.states().forEach(state -> names.add(state.name()));
        for (StateNode state : tree.states()) {
            state.json().path("Choices").forEach(rule -> {
                if (!rule.path("Next").isTextual()) {
                    problems.add(label + " state '" + state.name() + "': every Choice rule needs a 'Next'");
                }
            });
            for (String target : ScopeTree.transitions(state.json())) {
                if (!names.contains(target)) {
                    problems.add(label + " state '" + state.name() + "': transition target '" + target
                            + "' is not a state of this scope");
                }
            }
        }
        if (tree.startAt() == null || !names.contains(tree.startAt())) {
            return;
        }
        Set<String> reachable = tree.reachableFromStartAt();
        for (StateNode state : tree.states()) {
            if (!reachable.contains(state.name())) {
                problems.add(label + " state '" + state.name() + "': is not reachable from StartAt");
            }
        }
    }
}
