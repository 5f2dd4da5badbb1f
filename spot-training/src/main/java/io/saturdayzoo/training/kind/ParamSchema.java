package io.saturdayzoo.training.kind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parameters a kind accepts: name, type and default. Checking a spec's params against it is the same code for
 * every kind, so every kind rejects bad params with the same message shape, before any data is read.
 */
public final class ParamSchema {
    public enum Type { INT, DOUBLE, BOOLEAN, STRING }

    /** @param allowed for strings: the accepted values (empty = any) */
    public record Param(String name, Type type, Object defaultValue, java.util.List<String> allowed) {
    }

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
