package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.paths.JsonPaths.StateField;

import java.util.Optional;

/**
 * A state's input and output processing fields, in the order they apply: InputPath, Parameters, (the state's own
 * work), ResultSelector, ResultPath, OutputPath. A field the state's type does not have is left at its neutral value,
 * so one pipeline serves every type.
 *
 * @param parameters     the Parameters payload template, or null (a Map's legacy Parameters is its ItemSelector)
 * @param resultSelector the ResultSelector payload template, or null
 * @param resultPath     where the result goes in the raw input: "$" (the default) replaces it; empty (JSON null)
 *                       discards the result and keeps the raw input
 */
public record DataFlow(StateField inputPath, JsonNode parameters, JsonNode resultSelector,
                       Optional<String> resultPath, StateField outputPath) {

    /** No processing at all: the output is the result. */
    public static final DataFlow NONE = new DataFlow(StateField.absent("InputPath"), null, null, Optional.of("$"),
            StateField.absent("OutputPath"));

    /** What a state's ResultPath field means: absent is "$", an explicit null discards the result. */
    public static Optional<String> resultPath(JsonNode field) {
        if (field == null) {
            return Optional.of("$");
        }
        return field.isNull() ? Optional.empty() : Optional.of(field.asText());
    }
}
