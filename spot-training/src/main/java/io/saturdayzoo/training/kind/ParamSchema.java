package io.saturdayzoo.training.kind;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.core.json.ZooJson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parameters a kind accepts: name, type and default. Checking a spec's params against it is the same code for
 * every kind, so every kind rejects bad params with the same message shape, before any data is read. The same
 * declaration, as JSON Schema ({@link #jsonSchema()}), is the kind's section of zoo/catalog.schema.json, so the
 * catalog is checked against it wherever it is loaded (synth, Lambdas, trainer).
 */
public final class ParamSchema {
    public enum Type { INT, DOUBLE, BOOLEAN, STRING }

    /** @param allowed for strings: the accepted values (empty = any) */
    public record Param(String name, Type type, Object defaultValue, java.util.List<String> allowed) {
    }

    // Plain decimals only: Double.parseDouble would also take "NaN", "Infinity", hex floats and a trailing f or d.
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final Map<String, Param> params = new LinkedHashMap<>();

    public ParamSchema integer(String name, int defaultValue) {
        return add(new Param(name, Type.INT, defaultValue, java.util.List.of()));
    }

    public ParamSchema decimal(String name, double defaultValue) {
        return add(new Param(name, Type.DOUBLE, defaultValue, java.util.List.of()));
    }

    public ParamSchema bool(String name, boolean defaultValue) {
        return add(new Param(name, Type.BOOLEAN, defaultValue, java.util.List.of()));
    }

    public ParamSchema string(String name, String defaultValue) {
        return add(new Param(name, Type.STRING, defaultValue, java.util.List.of()));
    }

    /** A string restricted to the given values (the first is the default). */
    public ParamSchema choice(String name, String... allowed) {
        return add(new Param(name, Type.STRING, allowed[0], java.util.List.of(allowed)));
    }

    private ParamSchema add(Param p) {
        params.put(p.name(), p);
        return this;
    }

    public Map<String, Param> params() {
        return Collections.unmodifiableMap(params);
    }

    /** These params as a JSON Schema (2020-12) object: each name with its type, allowed values, default; no others. */
    public ObjectNode jsonSchema() {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        for (Param p : params.values()) {
            ObjectNode property = properties.putObject(p.name()).put("type", switch (p.type()) {
                case INT -> "integer";
                case DOUBLE -> "number";
                case BOOLEAN -> "boolean";
                case STRING -> "string";
            });
            if (!p.allowed().isEmpty()) {
                ArrayNode allowed = property.putArray("enum");
                p.allowed().forEach(allowed::add);
            }
            property.set("default", ZooJson.mapper().valueToTree(p.defaultValue()));
        }
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.set("properties", properties);
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * The spec's params, typed and completed with defaults.
     *
     * @throws InvalidSpecException naming the spec, the field and the value
     */
    public KindParams resolve(String specId, String kind, Map<String, Object> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Param p = params.get(e.getKey());
            if (p == null) {
                throw new InvalidSpecException("spec '" + specId + "': field 'params." + e.getKey()
                        + "': unknown parameter for kind '" + kind + "' (known: " + new TreeSet<>(params.keySet()) + ")");
            }
            values.put(p.name(), coerce(specId, p, e.getValue()));
        }
        for (Param p : params.values()) {
            values.putIfAbsent(p.name(), p.defaultValue());
        }
        return new KindParams(values);
    }

    /**
     * One command-line override, "KEY=VALUE" split, typed by this schema (true/false, integers, numbers, strings).
     *
     * @throws IllegalArgumentException naming {@code --set KEY}, the value and what was expected
     */
    public Object parseOverride(String kind, String key, String text) {
        Param p = params.get(key);
        String option = "--set " + key + "=" + text;
        if (p == null) {
            throw new IllegalArgumentException(option + ": unknown parameter for kind '" + kind + "' (known: "
                    + new TreeSet<>(params.keySet()) + ")");
        }
        Object value;
        try {
            value = switch (p.type()) {
                case INT -> Integer.valueOf(text.trim());
                case DOUBLE -> DECIMAL.matcher(text.trim()).matches() && Double.isFinite(Double.parseDouble(text))
                        ? (Object) Double.parseDouble(text) : null;
                case BOOLEAN -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
                case STRING -> text;
            };
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null) {
            throw new IllegalArgumentException(option + ": expected " + expected(p.type()) + ", got '" + text + "'");
        }
        if (!p.allowed().isEmpty() && !p.allowed().contains(value)) {
            throw new IllegalArgumentException(option + ": unknown value '" + text + "' (expected "
                    + String.join("|", p.allowed()) + ")");
        }
        return value;
    }

    private static Object coerce(String specId, Param p, Object v) {
        Object out = switch (p.type()) {
            case INT -> v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE ? (Object) n.intValue() : null;
            case DOUBLE -> v instanceof Number n && Double.isFinite(n.doubleValue()) ? (Object) n.doubleValue() : null;
            case BOOLEAN -> v instanceof Boolean ? v : null;
            case STRING -> v instanceof String ? v : null;
        };
        if (out == null) {
            String shown = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
            String actual = v == null ? "null" : v instanceof String ? "string" : v instanceof Boolean ? "boolean"
                    : v instanceof Number ? "number" : v.getClass().getSimpleName();
            throw new InvalidSpecException("spec '" + specId + "': field 'params." + p.name() + "': expected "
                    + expected(p.type()) + ", got " + shown + " (" + actual + ")");
        }
        if (!p.allowed().isEmpty() && !p.allowed().contains(out)) {
            throw new InvalidSpecException("spec '" + specId + "': field 'params." + p.name() + "': unknown value '"
                    + out + "' (expected " + String.join("|", p.allowed()) + ")");
        }
        return out;
    }

    private static String expected(Type t) {
        return switch (t) {
            case INT -> "an integer";
            case DOUBLE -> "a finite number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
        };
    }
}
