package io.saturdayzoo.local.graph;

import java.util.List;
import java.util.Objects;

/** Renders a {@link StateGraph} in Graphviz DOT: clusters for branches, dashed red edges for Catch. */
public final class DotRenderer {
    private DotRenderer() {
    }

    public static String render(StateGraph graph, String title) {
        StringBuilder out = new StringBuilder("digraph saturday {\n");
        out.append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=")
                .append(quote(title)).append(", nodesep=0.3, ranksep=0.35];\n");
        out.append("  node [fontname=\"Helvetica\", fontsize=10, style=filled];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        writeScope(graph, null, out, "  ");
        for (StateGraph.Edge edge : graph.edges()) {
            out.append("  ").append(edge.from()).append(" -> ").append(edge.to());
            String attrs = switch (edge.kind()) {
                case CATCH -> "style=dashed, color=\"#c62828\", fontcolor=\"#c62828\"";
                case CHOICE, DEFAULT -> "color=\"#b38600\"";
                case NEXT -> "";
            };
            if (edge.label() != null) {
                attrs = (attrs.isEmpty() ? "" : attrs + ", ") + "label=" + quote(edge.label());
            }
            if (!attrs.isEmpty()) {
                out.append(" [").append(attrs).append(']');
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static void writeScope(StateGraph graph, String cluster, StringBuilder out, String indent) {
        for (StateGraph.Node node : graph.nodes()) {
            if (Objects.equals(node.cluster(), cluster)) {
                out.append(indent).append(node.id()).append(" [").append(attributes(node)).append("];\n");
            }
        }
        List<StateGraph.Cluster> children = graph.clusters().stream()
                .filter(c -> Objects.equals(c.parent(), cluster)).toList();
        for (StateGraph.Cluster child : children) {
            out.append(indent).append("subgraph cluster_").append(child.id()).append(" {\n");
            out.append(indent).append("  label=").append(quote(child.label()))
                    .append("; style=\"rounded,dashed\"; color=\"#2e7d32\";\n");
            writeScope(graph, child.id(), out, indent + "  ");
            out.append(indent).append("}\n");
        }
    }

    private static String attributes(StateGraph.Node node) {
        String label = node.kind() == StateGraph.NodeKind.JOIN ? node.stateName() + " (join)" : node.stateName();
        String shape = switch (node.kind()) {
            case TASK -> "shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fe\"";
            case CHOICE -> "shape=diamond, fillcolor=\"#fff4d6\"";
            case PASS, WAIT -> "shape=box, fillcolor=\"#f3f3f3\"";
            case PARALLEL, MAP -> "shape=invtrapezium, fillcolor=\"#e6f4ea\"";
            case JOIN -> "shape=trapezium, fillcolor=\"#e6f4ea\"";
            case SUCCEED -> "shape=doublecircle, fillcolor=\"#c8e6c9\"";
            case FAIL -> "shape=doubleoctagon, fillcolor=\"#ffcdd2\"";
        };
        return shape + ", label=" + quote(label);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
