package io.saturdayzoo.statemachine.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Structural rules for an ASL definition with independent Parallel branches (DESIGN.md section 1), checked on the
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
        checkScope("top", root, violations, scopeOfName, null);
        checkParallels(root, violations);
        return violations;
    }

    // ---- generic rules, applied to every scope recursively ----

    private void checkScope(String scope, JsonNode machine, List<Violation> violations,
                            Map<String, String> scopeOfName, Map<String, JsonNode> enclosingStates) {
        JsonNode states = machine.path("States");
        if (!states.isObject() || states.isEmpty()) {
            violations.add(new Violation(scope, "has no States"));
            return;
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        states.fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue()));
        for (String name : byName.keySet()) {
            String previous = scopeOfName.putIfAbsent(name, scope);
            if (previous != null) {
                violations.add(new Violation(scope + "/" + name,
                        "state name also used in scope " + previous + " (names must be unique)"));
            }
        }
        String startAt = machine.path("StartAt").asText(null);
        if (startAt == null || !byName.containsKey(startAt)) {
            violations.add(new Violation(scope, "StartAt '" + startAt + "' is not a state of this scope"));
        }
        for (Map.Entry<String, JsonNode> entry : byName.entrySet()) {
            String where = scope + "/" + entry.getKey();
            JsonNode state = entry.getValue();
            String type = state.path("Type").asText();
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
            if (type.equals("Parallel")) {
                int i = 0;
                for (JsonNode branch : state.path("Branches")) {
                    checkScope(where + "/branch[" + i++ + "]", branch, violations, scopeOfName, byName);
                }
            }
            if (type.equals("Map")) {
                JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
                if (processor == null) {
                    violations.add(new Violation(where, "Map without ItemProcessor"));
                } else {
                    checkScope(where + "/items", processor, violations, scopeOfName, byName);
                }
            }
        }
        Set<String> reachable = reachableFrom(startAt, byName);
        for (String name : byName.keySet()) {
            if (!reachable.contains(name)) {
                violations.add(new Violation(scope + "/" + name, "unreachable from StartAt '" + startAt + "'"));
            }
        }
    }

    /** Every transition target of a state: Next, Default, Choices[].Next (nested rules too), Catch[].Next. */
    static List<String> targets(JsonNode state) {
        List<String> targets = new ArrayList<>();
        if (state.hasNonNull("Next")) {
            targets.add(state.get("Next").asText());
        }
        if (state.hasNonNull("Default")) {
            targets.add(state.get("Default").asText());
        }
        for (JsonNode choice : state.path("Choices")) {
            if (choice.hasNonNull("Next")) {
                targets.add(choice.get("Next").asText());
            }
        }
        for (JsonNode c : state.path("Catch")) {
            if (c.hasNonNull("Next")) {
                targets.add(c.get("Next").asText());
            }
        }
        return targets;
    }

    static Set<String> reachableFrom(String start, Map<String, JsonNode> byName) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        if (start != null) {
            todo.add(start);
        }
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!byName.containsKey(name) || !seen.add(name)) {
                continue;
            }
            todo.addAll(targets(byName.get(name)));
        }
        return seen;
    }

    // ---- branch isolation rules for the top-level Parallel states ----

    private void checkParallels(JsonNode root, List<Violation> violations) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode state = entry.getValue();
            if (!"Parallel".equals(state.path("Type").asText())) {
                continue;
            }
            String where = "top/" + entry.getKey();
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
            int i = 0;
            for (JsonNode branch : state.path("Branches")) {
                checkBranch(where + "/branch[" + i++ + "]", branch, violations);
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
