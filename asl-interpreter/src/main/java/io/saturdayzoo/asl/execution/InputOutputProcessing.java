package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.DataFlow;
import io.saturdayzoo.asl.paths.JsonPaths;
import io.saturdayzoo.asl.paths.PayloadTemplate;
import io.saturdayzoo.asl.paths.ReferencePath;

/**
 * The data flow around every state's action, in the specification's order: InputPath and Parameters make the
 * effective input; ResultSelector, ResultPath (into the raw input) and OutputPath make the output.
 */
final class InputOutputProcessing {
    private InputOutputProcessing() {
    }

    static JsonNode effectiveInput(DataFlow flow, JsonNode rawInput, JsonNode context) {
        JsonNode input = JsonPaths.select(flow.inputPath(), rawInput, context);
        return flow.parameters() == null ? input : PayloadTemplate.resolve(flow.parameters(), input, context);
    }

    static JsonNode output(DataFlow flow, JsonNode rawInput, JsonNode result, JsonNode context) {
        JsonNode selected = flow.resultSelector() == null ? result
                : PayloadTemplate.resolve(flow.resultSelector(), result, context);
        JsonNode output = ReferencePath.apply(flow.resultPath(), rawInput, selected);
        return JsonPaths.select(flow.outputPath(), output, context);
    }
}
