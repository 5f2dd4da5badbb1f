package io.saturdayzoo.local.graph;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state machine definition as a drawable graph: one node per state, edges for Next, Choice rules, Default and
 * Catch, and one cluster per Parallel branch and Map item processor. A Parallel or Map state becomes two nodes,
 * a fork (the state itself) and a join, so branches are visible and edges never have to point at a cluster.
 *
 * <p>Hand-written walk over the ASL JSON: no library renders ASL to Mermaid or DOT.
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
        graph.scope(definition, null, "");
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

    private ScopeIds scope(JsonNode scope, String cluster, String prefix) {
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> exits = new LinkedHashMap<>(); // state name -> node id edges leave from
        for (Iterator<Map.Entry<String, JsonNode>> it = scope.path("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = uniqueId(prefix + e.getKey());
            ids.put(e.getKey(), id);
            exits.put(e.getKey(), id);
            nodes.add(new Node(id, e.getKey(), kind(e.getValue()), cluster));
        }
        List<String> ends = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = scope.path("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode state = e.getValue();
            String type = state.path("Type").asText();
            if (type.equals("Parallel") || type.equals("Map")) {
                String join = uniqueId(prefix + name + "_join");
                nodes.add(new Node(join, name, NodeKind.JOIN, cluster));
                exits.put(name, join);
                List<JsonNode> inner = new ArrayList<>();
                if (type.equals("Parallel")) {
                    state.path("Branches").forEach(inner::add);
                } else {
                    inner.add(state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator"));
                }
                for (int i = 0; i < inner.size(); i++) {
                    String clusterId = uniqueId(prefix + name + (type.equals("Parallel") ? "_branch" + i : "_items"));
                    clusters.add(new Cluster(clusterId, clusterLabel(type, name, i, inner.get(i)), cluster));
                    String innerPrefix = clusterId + "_";
                    ScopeIds innerIds = scope(inner.get(i), clusterId, innerPrefix);
                    String start = inner.get(i).path("StartAt").asText();
                    edges.add(new Edge(ids.get(name), innerIds.ids().get(start), EdgeKind.NEXT, null));
                    innerIds.ends().forEach(end -> edges.add(new Edge(end, join, EdgeKind.NEXT, null)));
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = scope.path("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String from = exits.get(e.getKey());
            JsonNode state = e.getValue();
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
            String type = state.path("Type").asText();
            if (state.path("End").asBoolean(false) || type.equals("Succeed")) {
                ends.add(from);
            }
        }
        // a target missing from its scope is the definition's defect (the interpreter rejects it); draw the rest
        edges.removeIf(edge -> edge.to() == null);
        return new ScopeIds(ids, ends);
    }

    private static String clusterLabel(String type, String name, int index, JsonNode inner) {
        if (type.equals("Map")) {
            return name + ": one iteration per item";
        }
        return "Branch " + (char) ('A' + index) + ": " + inner.path("StartAt").asText();
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
