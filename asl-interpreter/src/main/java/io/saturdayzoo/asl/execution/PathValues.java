package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.ValueOrPath;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.paths.JsonPaths;

/** Reads a {@link ValueOrPath} field when its state runs. */
final class PathValues {
    private PathValues() {
    }

    /**
     * The value as written, or what the path selects from {@code data}, which must be an integer of at least
     * {@code min}; null when the state has neither.
     */
    static Integer integer(ValueOrPath field, JsonNode data, JsonNode context, String stateName, int min) {
        if (field.value() != null) {
            return field.value().asInt();
        }
        if (field.path() == null) {
            return null;
        }
        JsonNode value = JsonPaths.read(field.path(), data, context, field.pathField(), StatesErrors.RUNTIME);
        if (!value.isIntegralNumber() || value.asInt() < min) {
            throw new StatesException(StatesErrors.RUNTIME, field.pathField() + " of state '" + stateName
                    + "' must select a " + (min > 0 ? "positive" : "non-negative") + " integer, selected " + value);
        }
        return value.asInt();
    }

    /**
     * The value as written, or what the path selects from {@code data}, which must be a number from {@code min} to
     * {@code max}; null when the state has neither.
     */
    static Double number(ValueOrPath field, JsonNode data, JsonNode context, String stateName, double min,
                         double max) {
        if (field.value() != null) {
            return field.value().asDouble();
        }
        if (field.path() == null) {
            return null;
        }
        JsonNode value = JsonPaths.read(field.path(), data, context, field.pathField(), StatesErrors.RUNTIME);
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw new StatesException(StatesErrors.RUNTIME, field.pathField() + " of state '" + stateName
                    + "' must select a number from " + min + " to " + max + ", selected " + value);
        }
        return value.asDouble();
    }
}
