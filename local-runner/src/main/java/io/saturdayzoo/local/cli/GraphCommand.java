package io.saturdayzoo.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.local.definition.SaturdayDefinitionSource;
import io.saturdayzoo.local.graph.DotRenderer;
import io.saturdayzoo.local.graph.Graphviz;
import io.saturdayzoo.local.graph.MermaidRenderer;
import io.saturdayzoo.local.graph.StateGraph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code saturday graph}: draws the synthesized state machine, branches visible. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Draws the synthesized Saturday state machine: Mermaid (.mmd), Graphviz DOT (.dot), "
                + "or SVG/PNG through Graphviz `dot`.")
final class GraphCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE",
            description = "saturday.mmd, saturday.dot, saturday.svg or saturday.png (default: Mermaid on stdout).")
    Path out;

    @Option(names = "--definition", paramLabel = "FILE",
            description = "Draw this ASL JSON file instead of synthesizing the CDK app's definition.")
    Path definition;

    @Override
    public Integer call() throws IOException {
        String json = definition != null ? Files.readString(definition) : SaturdayDefinitionSource.synthesize();
        StateGraph graph = StateGraph.of(new ObjectMapper().readTree(json));
        var stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(MermaidRenderer.render(graph));
            stdout.flush();
            return SaturdayCli.OK;
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        switch (extension) {
            case "mmd", "mermaid" -> Files.writeString(out, MermaidRenderer.render(graph));
            case "dot", "gv" -> Files.writeString(out, DotRenderer.render(graph, "Saturday state machine"));
            case "svg", "png" -> {
                Graphviz dot = Graphviz.onPath();
                if (!dot.available()) {
                    throw new IllegalStateException(Graphviz.INSTALL_HINT);
                }
                dot.render(DotRenderer.render(graph, "Saturday state machine"), extension, out);
            }
            default -> throw new IllegalArgumentException("--out: unknown extension '" + extension + "' in '" + out
                    + "' (expected .mmd, .dot, .svg or .png)");
        }
        stdout.println("saturday: wrote " + out.toAbsolutePath());
        stdout.flush();
        return SaturdayCli.OK;
    }
}
