package io.saturdayzoo.training.kind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A spec's params after {@link ParamSchema#resolve}: typed, complete (defaults filled in), safe to read. */
public final class KindParams {
    private final Map<String, Object> values;

    KindParams(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public int integer(String name) {
        return (Integer) require(name);
    }

    public double decimal(String name) {
        return (Double) require(name);
    }

    public boolean bool(String name) {
        return (Boolean) require(name);
    }

    public String string(String name) {
        return (String) require(name);
    }

    /** All values, in schema order: what the manifest records as the params actually used. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null && !values.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' is not in this kind's schema");
        }
        return v;
    }
}
