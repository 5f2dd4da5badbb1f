package io.saturdayzoo.statemachine.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.asl.definition.ScopeTree;
import io.saturdayzoo.asl.definition.ScopeTree.NestedScope;
import io.saturdayzoo.asl.definition.ScopeTree.StateNode;

/**
 * Structural rules for an ASL definition with independent Parallel branches (docs/ARCHITECTURE.md, "The Saturday picture"), checked on the
 * JSON text and returned as violations rather than thrown, so a test can assert that a mutated definition is caught.
 *
 * <p>Generic rules (any definition): JSON parses with no duplicate keys; StartAt and every Next / Default /
 * Choices[].Next / Catch[].Next exist in their own scope; every state is reachable; every non-terminal has a way
 * out; state names are unique in the whole definition.
 *
 * <p>Branch rules (for every branch of every Parallel at the top level): branches never throw (every Task, Map
 * and Parallel in a branch has a States.ALL Catch); each branch has exactly one {@code *Failed} and one
 * {@code *Complete} Pass terminal and ends nowhere else; a hard-failure Catch goes to the branch's own *Failed
 * terminal; a fail-soft state's Catch forwards inside the branch with a ResultPath that keeps the input; the
 * Parallel's Retry is the explicit no-op and its Catch goes to the failure handler.
 */
public final class AslTopologyRules {

    /** One broken rule: where (scope/state) and what. */
    public record Violation(String where, String rule) {
        @Override
        public String toString() {
            return where + ": " + rule;
        }
    }

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> TERMINAL_TYPES = Set.of("Succeed", "Fail");
    private static final Set<String> MAY_THROW = Set.of("Task", "Map", "Parallel");

    private final String failureHandler;
    private final Set<String> failSoftStates;

    /**
     * @param failureHandler top-level state the Parallel's Catch must reach (e.g. HandleFailure)
     * @param failSoftStates in-branch states whose failure is tolerated (their Catch forwards inside the branch)
     */
    public AslTopologyRules(String failureHandler, Set<String> failSoftStates) {
        this.failureHandler = failureHandler;
        this.failSoftStates = Set.copyOf(failSoftStates);
    }

    public List<Violation> check(String definitionJson) {
        List<Violation> violations = new ArrayList<>();
        JsonNode root;
        try {
            root = STRICT.readTree(definitionJson);
        } catch (JsonProcessingException e) {
            violations.add(new Violation("definition", "does not parse as JSON: " + e.getOriginalMessage()));
            return violations;
        }
        Map<String, String> scopeOfName = new HashMap<>();
        ScopeTree tree = ScopeTree.of(root);
        checkScope("top", tree, violations, scopeOfName, null);
        checkParallels(tree, violations);
        return violations;
    }

    // ---- generic rules, applied to every scope recursively ----

    private void checkScope(String scope, ScopeTree machine, List<Violation> violations,
                            Map<String, String> scopeOfName, Map<String, JsonNode> enclosingStates) {
        JsonNode states = machine.json().path("States");
        if (!states.isObject() || states.isEmpty()) {
            violations.add(new Violation(scope, "has no States"));
            return;
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        machine.states().forEach(state -> byName.put(state.name(), state.json()));
        for (String name : byName.keySet()) {
            String previous = scopeOfName.putIfAbsent(name, scope);
            if (previous != null) {
                violations.add(new Violation(scope + "/" + name,
                        "state name also used in scope " + previous + " (names must be unique)"));
            }
        }
        String startAt = machine.json().path("StartAt").asText(null);
        if (startAt == null || !byName.containsKey(startAt)) {
            violations.add(new Violation(scope, "StartAt '" + startAt + "' is not a state of this scope"));
        }
        for (StateNode node : machine.states()) {
            String where = scope + "/" + node.name();
            JsonNode state = node.json();
            String type = node.type();
            for (String target : targets(state)) {
                if (!byName.containsKey(target)) {
                    String hint = enclosingStates != null && enclosingStates.containsKey(target)
                            ? " (it names a state of the enclosing scope: a branch must not leave its scope)" : "";
                    violations.add(new Violation(where, "transition to '" + target + "' which is not in its scope"
                            + hint));
                }
            }
            boolean end = state.path("End").asBoolean(false);
            boolean next = state.hasNonNull("Next");
            if (type.equals("Choice")) {
                if (!state.path("Choices").isArray() || state.path("Choices").isEmpty()) {
                    violations.add(new Violation(where, "Choice without Choices"));
                }
                if (end || next) {
                    violations.add(new Violation(where, "Choice must not have Next or End"));
                }
            } else if (!TERMINAL_TYPES.contains(type)) {
                if (end == next) {
                    violations.add(new Violation(where, "needs exactly one of Next or End (has "
                            + (end ? "both" : "neither") + ")"));
                }
            }
            if (type.equals("Map") && node.nested().isEmpty()) {
                violations.add(new Violation(where, "Map without ItemProcessor"));
            }
            if (type.equals("Map") && !node.nested().isEmpty()) {
                checkMapItems(where, state, node.nested().get(0).scope(), violations);
            }
            for (NestedScope nested : node.nested()) {
                String label = nested.isBranch() ? "/branch[" + nested.index() + "]" : "/items";
                checkScope(where + label, nested.scope(), violations, scopeOfName, byName);
            }
        }
        Set<String> reachable = machine.reachableFromStartAt();
        for (String name : byName.keySet()) {
            if (!reachable.contains(name)) {
                violations.add(new Violation(scope + "/" + name, "unreachable from StartAt '" + startAt + "'"));
            }
        }
    }

    /**
     * The same item semantics in both Map modes: every Task of the item processor catches States.ALL, so one item's
     * failure is its result and never stops the others; a Distributed Map tolerates no failed child (an item that
     * still fails, as a States.Runtime error would, fails the Map as it would an inline one) and runs STANDARD
     * children (Batch's .sync integration is not available to EXPRESS ones, which also stop at five minutes).
     */
    private static void checkMapItems(String where, JsonNode map, ScopeTree items, List<Violation> violations) {
        for (StateNode item : items.states()) {
            if (item.type().equals("Task") && !hasCatchAll(item.json())) {
                violations.add(new Violation(where + "/items/" + item.name(), "a Map item's Task needs a States.ALL"
                        + " Catch: an item's failure must be its result, never stop the other items"));
            }
        }
        JsonNode config = map.at("/ItemProcessor/ProcessorConfig");
        if (!"DISTRIBUTED".equals(config.path("Mode").asText())) {
            return;
        }
        if (!"STANDARD".equals(config.path("ExecutionType").asText())) {
            violations.add(new Violation(where, "a Distributed Map's children must be STANDARD executions, found "
                    + config.path("ExecutionType")));
        }
        for (String field : List.of("ToleratedFailureCount", "ToleratedFailurePercentage")) {
            if (map.has(field) && map.path(field).asDouble() != 0) {
                violations.add(new Violation(where, field + " must be 0 as in an inline Map, found " + map.get(field)));
            }
        }
        for (String field : List.of("ToleratedFailureCountPath", "ToleratedFailurePercentagePath")) {
            if (map.has(field)) {
                violations.add(new Violation(where, field + " must not be set: the tolerance is 0, as in an inline Map"));
            }
        }
    }

    private static boolean hasCatchAll(JsonNode state) {
        for (JsonNode c : state.path("Catch")) {
            if (catchesAll(c)) {
                return true;
            }
        }
        return false;
    }

    /** Every transition target of a state: Next, Default, Choices[].Next, Catch[].Next. */
    static List<String> targets(JsonNode state) {
        return ScopeTree.transitions(state);
    }

    // ---- branch isolation rules for the top-level Parallel states ----

    private void checkParallels(ScopeTree root, List<Violation> violations) {
        for (StateNode node : root.states()) {
            JsonNode state = node.json();
            if (!"Parallel".equals(node.type())) {
                continue;
            }
            String where = "top/" + node.name();
            if (!isNoOpRetry(state.path("Retry"))) {
                violations.add(new Violation(where, "Retry must be exactly [{ErrorEquals [States.ALL], MaxAttempts 0}] "
                        + "so a completed branch is never re-run, found " + state.path("Retry")));
            }
            JsonNode catches = state.path("Catch");
            if (catches.size() != 1 || !catchesAll(catches.get(0))
                    || !failureHandler.equals(catches.get(0).path("Next").asText())) {
                violations.add(new Violation(where, "Catch must be a single States.ALL catch to " + failureHandler
                        + ", found " + catches));
            }
            for (NestedScope branch : node.nested()) {
                checkBranch(where + "/branch[" + branch.index() + "]", branch.scope().json(), violations);
            }
        }
    }

    private void checkBranch(String scope, JsonNode branch, List<Violation> violations) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        branch.path("States").fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue()));
        List<String> failedTerminals = new ArrayList<>();
        List<String> completeTerminals = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
            JsonNode state = e.getValue();
            String type = state.path("Type").asText();
            boolean terminal = state.path("End").asBoolean(false) || TERMINAL_TYPES.contains(type);
            if (!terminal) {
                continue;
            }
            if (type.equals("Pass") && e.getKey().endsWith("Failed")) {
                failedTerminals.add(e.getKey());
            } else if (type.equals("Pass") && e.getKey().endsWith("Complete")) {
                completeTerminals.add(e.getKey());
            } else {
                violations.add(new Violation(scope + "/" + e.getKey(), "a branch may only end in its *Complete or "
                        + "*Failed Pass terminal (a " + type + " end would throw or hide the outcome)"));
            }
        }
        if (failedTerminals.size() != 1 || completeTerminals.size() != 1) {
            violations.add(new Violation(scope, "needs exactly one *Complete and one *Failed Pass terminal, found "
                    + completeTerminals + " and " + failedTerminals));
            return;
        }
        String failed = failedTerminals.get(0);
        for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
            String where = scope + "/" + e.getKey();
            JsonNode state = e.getValue();
            boolean failSoft = failSoftStates.contains(e.getKey());
            if (MAY_THROW.contains(state.path("Type").asText())) {
                boolean hasCatchAll = false;
                for (JsonNode c : state.path("Catch")) {
                    hasCatchAll |= catchesAll(c);
                }
                if (!hasCatchAll) {
                    violations.add(new Violation(where, "may fail but has no States.ALL Catch: the branch would throw "
                            + "and cancel its sibling"));
                }
            }
            for (JsonNode c : state.path("Catch")) {
                String target = c.path("Next").asText();
                if (failSoft) {
                    if (target.equals(failed)) {
                        violations.add(new Violation(where, "fail-soft state must forward inside the branch, not to "
                                + failed));
                    }
                    JsonNode resultPath = c.get("ResultPath");
                    if (resultPath == null || resultPath.isNull() || resultPath.asText().equals("$")) {
                        violations.add(new Violation(where, "fail-soft Catch needs a ResultPath below $ so the state's "
                                + "input carries on, found " + resultPath));
                    }
                } else if (!target.equals(failed)) {
                    violations.add(new Violation(where, "hard-failure Catch must go to the branch's own " + failed
                            + ", goes to '" + target + "'"));
                }
            }
        }
    }

    private static boolean isNoOpRetry(JsonNode retry) {
        return retry.isArray() && retry.size() == 1 && catchesAll(retry.get(0))
                && retry.get(0).path("MaxAttempts").isInt() && retry.get(0).path("MaxAttempts").asInt() == 0;
    }

    private static boolean catchesAll(JsonNode catcher) {
        JsonNode errors = catcher.path("ErrorEquals");
        return errors.size() == 1 && "States.ALL".equals(errors.get(0).asText());
    }
}
