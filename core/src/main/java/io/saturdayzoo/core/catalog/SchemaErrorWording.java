package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Words a schema violation the way the catalog always has: the field, the value and what was expected, with the
 * expectation read from the schema itself ("a positive integer", "active|retired", a pattern's description).
 */
final class SchemaErrorWording {

    private final JsonNode schema;

    SchemaErrorWording(JsonNode schema) {
        this.schema = schema;
    }

    CatalogProblem problem(Error error, JsonNode catalog) {
        List<Object> path = steps(error.getInstanceLocation());
        JsonNode at = subschema(error);
        JsonNode value = error.getInstanceNode();
        String property = error.getProperty();
        return switch (error.getKeyword()) {
            case "required" -> new CatalogProblem(with(path, property),
                    "missing (expected " + expectation(declared(at, path, property)) + ")");
            case "additionalProperties" -> {
                TreeSet<String> known = new TreeSet<>(names(at.path("properties")));
                yield new CatalogProblem(with(path, property), isParams(path)
                        ? "unknown parameter for kind '" + catalog.at(parent(path)).path(ModelSpec.KIND).asText()
                                + "' (known: " + known + ")"
                        : "unknown field (allowed: " + String.join(", ", known) + ")");
            }
            case "type", "minLength" -> new CatalogProblem(path, isParams(parentPath(path))
                    ? paramValueText(at, value)
                    : "expected " + expectation(at) + ", got " + shown(value));
            case "minimum" -> new CatalogProblem(path, "must be " + expectation(at) + ", got " + literal(value));
            case "maximum" -> new CatalogProblem(path, "must be <= " + at.path("maximum").asText() + ", got "
                    + literal(value) + (at.has("description") ? " (" + at.get("description").asText() + ")" : ""));
            case "minItems" -> new CatalogProblem(path, "must list at least " + at.path("minItems").asInt() + " "
                    + noun(at.path("items")) + (at.path("minItems").asInt() == 1 ? "" : "s"));
            case "uniqueItems" -> new CatalogProblem(path, "must not list " + article(noun(at.path("items"))) + " "
                    + noun(at.path("items")) + " twice");
            // a field a kind does not take: {"not": {}, "description": why}
            case "not" -> new CatalogProblem(path, "not allowed for kind '"
                    + catalog.at(parent(path)).path(ModelSpec.KIND).asText() + "'"
                    + (at.has("description") ? " (" + at.get("description").asText() + ")" : ""));
            case "pattern" -> new CatalogProblem(path, "invalid value '" + value.asText() + "' (expected "
                    + at.path("description").asText(at.path("pattern").asText()) + ")");
            case "enum" -> new CatalogProblem(path, "unknown value '" + value.asText() + "' (expected "
                    + expectation(at) + ")");
            default -> new CatalogProblem(path, error.getMessage());
        };
    }

    /**
     * A param value of the wrong type. Numbers keep the wording the catalog always gave them; booleans and strings
     * the trainer's (ParamSchema), which reported them before the catalog checked them.
     */
    private String paramValueText(JsonNode at, JsonNode value) {
        return switch (at.path("type").asText()) {
            case "boolean", "string" ->
                    "expected " + expectation(at) + ", got " + literal(value) + " (" + typeName(value) + ")";
            case "integer" -> value.isNumber() ? "must be an integer, got " + literal(value)
                    : "must be a number, got " + shown(value);
            default -> "must be " + expectation(at) + ", got " + shown(value);
        };
    }

    /**
     * The schema of a required field: where the rule requiring it declares it, else where the spec does (a kind's
     * rule may require a field the hand-written spec schema declares).
     */
    private JsonNode declared(JsonNode at, List<Object> path, String property) {
        JsonNode here = at.path("properties").path(property);
        boolean inSpec = path.size() == 2 && ZooCatalog.SPECS.equals(path.get(0));
        return here.isMissingNode() && inSpec ? schema.at("/$defs/spec/properties/" + property) : here;
    }

    /** What a schema accepts, in words: "a non-empty string", "an object with uri, time_column, target_column". */
    private String expectation(JsonNode subschema) {
        JsonNode s = resolve(subschema);
        if (s.has("enum")) {
            return StreamSupport.stream(s.get("enum").spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining("|"));
        }
        JsonNode type = s.path("type");
        if (type.isArray()) {
            List<String> types = names(type);
            String last = types.remove(types.size() - 1);
            return article(types.get(0)) + " " + String.join(", ", types) + " or " + last;
        }
        return switch (type.asText()) {
            case "integer" -> !s.has("minimum") ? "an integer"
                    : s.get("minimum").asInt() == 1 ? "a positive integer" : "an integer >= " + s.get("minimum");
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "string" -> s.path("minLength").asInt() >= 1 ? "a non-empty string" : "a string";
            case "array" -> "an array of " + noun(s.path("items")) + "s";
            case "object" -> s.has("required") ? "an object with " + String.join(", ", names(s.get("required")))
                    : "an object";
            default -> "a valid value";
        };
    }

    /** The schema object holding the failed keyword (the keyword's location, one step up). */
    private JsonNode subschema(Error error) {
        NodePath keyword = error.getSchemaLocation().getFragment();
        return schema.at(pointer(steps(keyword).subList(0, keyword.getNameCount() - 1)));
    }

    private JsonNode resolve(JsonNode subschema) {
        JsonNode ref = subschema.path("$ref");
        return ref.isTextual() && ref.asText().startsWith("#") && !subschema.has("type") && !subschema.has("enum")
                ? schema.at(ref.asText().substring(1)) : subschema;
    }

    private String noun(JsonNode items) {
        return resolve(items).path("title").asText("item");
    }

    /** A spec's "params" object: its own unknown names and value types are worded for parameters. */
    private static boolean isParams(List<Object> path) {
        return path.size() == 3 && ZooCatalog.SPECS.equals(path.get(0)) && ModelSpec.PARAMS.equals(path.get(2));
    }

    private static List<Object> parentPath(List<Object> path) {
        return path.isEmpty() ? path : path.subList(0, path.size() - 1);
    }

    private static JsonPointer parent(List<Object> path) {
        return pointer(parentPath(path));
    }

    private static List<Object> steps(NodePath location) {
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            steps.add(location.getElement(i));
        }
        return steps;
    }

    private static List<Object> with(List<Object> path, String property) {
        List<Object> out = new ArrayList<>(path);
        out.add(property);
        return out;
    }

    private static JsonPointer pointer(List<Object> steps) {
        JsonPointer pointer = JsonPointer.empty();
        for (Object step : steps) {
            pointer = step instanceof Integer i ? pointer.appendIndex(i) : pointer.appendProperty((String) step);
        }
        return pointer;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** "string \"31\"", "number 0", "array": the type, and the value when it is short enough to quote. */
    private static String shown(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? typeName(value) + " " + literal(value) : typeName(value);
    }

    /** A scalar as the file spells it: strings quoted, numbers and booleans bare (1e999 as Infinity). */
    private static String literal(JsonNode value) {
        return value.isTextual() ? value.toString() : value.asText();
    }

    private static String typeName(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
