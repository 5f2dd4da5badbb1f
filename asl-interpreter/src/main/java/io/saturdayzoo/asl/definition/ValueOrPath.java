package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field given either as a value or, through its "...Path" twin, as a path read at run time: TimeoutSeconds /
 * TimeoutSecondsPath, MaxConcurrency / MaxConcurrencyPath, ToleratedFailureCount / ToleratedFailureCountPath.
 *
 * @param field the value field's name, e.g. "MaxConcurrency" (the path field is this name plus "Path")
 * @param value the value as written, or null
 * @param path  the path as written, or null
 */
public record ValueOrPath(String field, JsonNode value, String path) {

    static ValueOrPath of(String field, JsonNode state) {
        JsonNode value = state.get(field);
        JsonNode path = state.get(field + "Path");
        return new ValueOrPath(field, value, path == null || path.isNull() ? null : path.asText());
    }

    public boolean isAbsent() {
        return value == null && path == null;
    }

    public String pathField() {
        return field + "Path";
    }
}
