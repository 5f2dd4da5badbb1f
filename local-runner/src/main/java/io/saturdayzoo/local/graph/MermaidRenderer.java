package io.saturdayzoo.local.graph;

import java.util.List;

/** Renders a {@link StateGraph} as a Mermaid flowchart (GitHub renders it inline in Markdown). */
public final class MermaidRenderer {
    private MermaidRenderer() {
    }

    public static String render(StateGraph graph) {
        StringBuilder out = new StringBuilder("flowchart TD\n");
        out.append("  classDef task fill:#e8f0fe,stroke:#3b5998\n");
        out.append("  classDef choice fill:#fff4d6,stroke:#b38600\n");
        out.append("  classDef pass fill:#f3f3f3,stroke:#777\n");
        out.append("  classDef fanout fill:#e6f4ea,stroke:#2e7d32\n");
        out.append("  classDef succeed fill:#c8e6c9,stroke:#2e7d32\n");
        out.append("  classDef fail fill:#ffcdd2,stroke:#c62828\n");
        writeScope(graph, null, out, "  ");
        for (StateGraph.Edge edge : graph.edges()) {
            String arrow = switch (edge.kind()) {
                case CATCH -> " -.->";
                case DEFAULT, CHOICE, NEXT -> " -->";
            };
            out.append("  ").append(edge.from()).append(arrow);
            if (edge.label() != null) {
                out.append("|\"").append(escape(edge.label())).append("\"|");
            }
            out.append(' ').append(edge.to()).append('\n');
        }
        return out.toString();
    }

    private static void writeScope(StateGraph graph, String cluster, StringBuilder out, String indent) {
        for (StateGraph.Node node : graph.nodes()) {
            if (java.util.Objects.equals(node.cluster(), cluster)) {
                out.append(indent).append(node(node)).append('\n');
            }
        }
        List<StateGraph.Cluster> children = graph.clusters().stream()
                .filter(c -> java.util.Objects.equals(c.parent(), cluster)).toList();
        for (StateGraph.Cluster child : children) {
            out.append(indent).append("subgraph ").append(child.id()).append("[\"").append(escape(child.label()))
                    .append("\"]\n");
            out.append(indent).append("  direction TB\n");
            writeScope(graph, child.id(), out, indent + "  ");
            out.append(indent).append("end\n");
        }
    }

    private static String node(StateGraph.Node node) {
        String label = escape(node.kind() == StateGraph.NodeKind.JOIN ? node.stateName() + " (join)" : node.stateName());
        return switch (node.kind()) {
            case TASK -> node.id() + "[\"" + label + "\"]:::task";
            case CHOICE -> node.id() + "{\"" + label + "\"}:::choice";
            case PASS, WAIT -> node.id() + "(\"" + label + "\"):::pass";
            case PARALLEL, MAP -> node.id() + "[[\"" + label + " (" + node.kind().name().charAt(0)
                    + node.kind().name().substring(1).toLowerCase() + ")\"]]:::fanout";
            case JOIN -> node.id() + "[[\"" + label + "\"]]:::fanout";
            case SUCCEED -> node.id() + "([\"" + label + "\"]):::succeed";
            case FAIL -> node.id() + "([\"" + label + "\"]):::fail";
        };
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;");
    }
}
