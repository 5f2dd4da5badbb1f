package io.saturdayzoo.local.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.ScopeTree;
import io.saturdayzoo.asl.definition.ScopeTree.NestedScope;
import io.saturdayzoo.asl.definition.ScopeTree.StateNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state machine definition as a drawable graph: one node per state, edges for Next, Choice rules, Default and
 * Catch, and one cluster per Parallel branch and Map item processor. A Parallel or Map state becomes two nodes,
 * a fork (the state itself) and a join, so branches are visible and edges never have to point at a cluster.
 *
 * <p>Hand-written over the ASL JSON (walked as a {@link ScopeTree}): no library renders ASL to Mermaid or DOT.
 */
public final class StateGraph {

    public enum NodeKind { TASK, PASS, CHOICE, WAIT, SUCCEED, FAIL, PARALLEL, MAP, JOIN }

    public enum EdgeKind { NEXT, CHOICE, DEFAULT, CATCH }

    /** @param cluster the id of the innermost cluster holding the node, or null at top level */
    public record Node(String id, String stateName, NodeKind kind, String cluster) {
    }

    public record Edge(String from, String to, EdgeKind kind, String label) {
    }

    /** @param parent the enclosing cluster's id, or null at top level */
    public record Cluster(String id, String label, String parent) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private final Set<String> usedIds = new HashSet<>();

    private StateGraph() {
    }

    /** Builds the graph of a parsed ASL definition (the top-level object with StartAt and States). */
    public static StateGraph of(JsonNode definition) {
        if (definition == null || !definition.path("States").isObject()) {
            throw new IllegalArgumentException("definition: field 'States' is missing or not an object");
        }
        StateGraph graph = new StateGraph();
        graph.scope(ScopeTree.of(definition), null, "");
        return graph;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    public List<Cluster> clusters() {
        return List.copyOf(clusters);
    }

    /**
     * One scope's drawing.
     *
     * @param ids  node id by state name
     * @param ends node ids of the states that end the scope (End: true, Succeed; not Fail, which ends the execution)
     */
    private record ScopeIds(Map<String, String> ids, List<String> ends) {
    }

    private ScopeIds scope(ScopeTree scope, String cluster, String prefix) {
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> exits = new LinkedHashMap<>(); // state name -> node id edges leave from
        for (StateNode state : scope.states()) {
            String id = uniqueId(prefix + state.name());
            ids.put(state.name(), id);
            exits.put(state.name(), id);
            nodes.add(new Node(id, state.name(), kind(state.json()), cluster));
        }
        List<String> ends = new ArrayList<>();
        for (StateNode state : scope.states()) {
            String name = state.name();
            String type = state.type();
            if (type.equals("Parallel") || type.equals("Map")) {
                String join = uniqueId(prefix + name + "_join");
                nodes.add(new Node(join, name, NodeKind.JOIN, cluster));
                exits.put(name, join);
                for (NestedScope inner : state.nested()) {
                    String clusterId = uniqueId(prefix + name + (inner.isBranch() ? "_branch" + inner.index() : "_items"));
                    clusters.add(new Cluster(clusterId, clusterLabel(name, inner), cluster));
                    String innerPrefix = clusterId + "_";
                    ScopeIds innerIds = scope(inner.scope(), clusterId, innerPrefix);
                    edges.add(new Edge(ids.get(name), innerIds.ids().get(inner.scope().startAt()), EdgeKind.NEXT, null));
                    innerIds.ends().forEach(end -> edges.add(new Edge(end, join, EdgeKind.NEXT, null)));
                }
            }
        }
        for (StateNode node : scope.states()) {
            String from = exits.get(node.name());
            JsonNode state = node.json();
            if (state.path("Next").isTextual()) {
                edges.add(new Edge(from, ids.get(state.get("Next").asText()), EdgeKind.NEXT, null));
            }
            for (JsonNode rule : state.path("Choices")) {
                edges.add(new Edge(from, ids.get(rule.path("Next").asText()), EdgeKind.CHOICE, ChoiceLabels.describe(rule)));
            }
            if (state.path("Default").isTextual()) {
                edges.add(new Edge(from, ids.get(state.get("Default").asText()), EdgeKind.DEFAULT, "otherwise"));
            }
            for (JsonNode catcher : state.path("Catch")) {
                List<String> errors = new ArrayList<>();
                catcher.path("ErrorEquals").forEach(err -> errors.add(err.asText()));
                // a Parallel's or Map's errors surface at its join: the branches have run by then
                edges.add(new Edge(from, ids.get(catcher.path("Next").asText()), EdgeKind.CATCH,
                        "catch " + String.join(", ", errors)));
            }
            if (state.path("End").asBoolean(false) || node.type().equals("Succeed")) {
                ends.add(from);
            }
        }
        // a target missing from its scope is the definition's defect (the interpreter rejects it); draw the rest
        edges.removeIf(edge -> edge.to() == null);
        return new ScopeIds(ids, ends);
    }

    private static String clusterLabel(String name, NestedScope inner) {
        if (!inner.isBranch()) {
            return name + ": one iteration per item";
        }
        return "Branch " + (char) ('A' + inner.index()) + ": " + inner.scope().json().path("StartAt").asText();
    }

    private String uniqueId(String raw) {
        String base = sanitize(raw);
        String id = base;
        for (int n = 2; !usedIds.add(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    private static String sanitize(String raw) {
        StringBuilder sb = new StringBuilder();
        for (char c : raw.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '_' ? c : '_');
        }
        return sb.toString();
    }

    private static NodeKind kind(JsonNode state) {
        return switch (state.path("Type").asText()) {
            case "Task" -> NodeKind.TASK;
            case "Choice" -> NodeKind.CHOICE;
            case "Wait" -> NodeKind.WAIT;
            case "Succeed" -> NodeKind.SUCCEED;
            case "Fail" -> NodeKind.FAIL;
            case "Parallel" -> NodeKind.PARALLEL;
            case "Map" -> NodeKind.MAP;
            default -> NodeKind.PASS;
        };
    }
}
