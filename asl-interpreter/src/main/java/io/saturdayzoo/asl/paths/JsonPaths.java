package io.saturdayzoo.asl.paths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates ASL Paths with Jayway JsonPath over Jackson trees. A path starting with "$$" reads the context object,
 * any other "$" path reads the state's data. Compiled paths are cached: definitions reuse a few dozen paths.
 */
public final class JsonPaths {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Configuration CONFIG = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .build();
    private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

    private JsonPaths() {
    }

    public static boolean isContextPath(String path) {
        return path.startsWith("$$");
    }

    /** The value at {@code path}, or empty when a definite path selects nothing. */
    public static Optional<JsonNode> find(String path, JsonNode data, JsonNode context) {
        JsonNode root = data;
        String effective = path;
        if (isContextPath(path)) {
            root = context;
            effective = path.substring(1);
        }
        if ("$".equals(effective)) {
            return Optional.of(root);
        }
        try {
            JsonPath compiled = COMPILED.computeIfAbsent(effective, JsonPath::compile);
            Object value = compiled.read(root, CONFIG);
            // the Jackson provider unwraps scalars to Java values; turn them back into JSON nodes
            return Optional.of(value == null ? JsonNodeFactory.instance.nullNode()
                    : value instanceof JsonNode node ? node : MAPPER.valueToTree(value));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new StatesException(StatesErrors.RUNTIME, "invalid JSONPath '" + path + "': " + e.getMessage());
        }
    }

    /** The value at {@code path}; a path that selects nothing raises {@code error} naming the path and the field. */
    public static JsonNode read(String path, JsonNode data, JsonNode context, String field, String error) {
        return find(path, data, context).orElseThrow(() -> new StatesException(error,
                "The JSONPath '" + path + "' specified for the field '" + field + "' could not be found in the input '"
                        + (isContextPath(path) ? context : data) + "'"));
    }

    /** InputPath / OutputPath: absent means "$", null means an empty object, a miss is States.Runtime. */
    public static JsonNode select(StateField field, JsonNode data, JsonNode context) {
        if (field.absent()) {
            return data;
        }
        if (field.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return read(field.path(), data, context, field.name(), StatesErrors.RUNTIME);
    }

    /** A path-valued state field such as InputPath: absent, explicitly null, or a path string. */
    public record StateField(String name, boolean absent, boolean isNull, String path) {
        public static StateField absent(String name) {
            return new StateField(name, true, false, "$");
        }

        public static StateField of(String name, JsonNode stateJson) {
            JsonNode value = stateJson.get(name);
            if (value == null) {
                return absent(name);
            }
            return value.isNull() ? new StateField(name, false, true, null)
                    : new StateField(name, false, false, value.asText());
        }
    }
}
