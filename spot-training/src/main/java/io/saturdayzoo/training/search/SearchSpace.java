package io.saturdayzoo.training.search;

import io.saturdayzoo.training.kind.ParamSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The params of a kind a hyper-parameter search may vary, each with its range (linear or log-scale) or its
 * choices. Declared by the kind beside its {@link ParamSchema}; {@link #checkAgainst} makes sure every dimension is
 * a param of the schema with the same type. Immutable: each method returns a new space.
 */
public final class SearchSpace {
    public static final SearchSpace NONE = new SearchSpace(List.of());

    /** One searchable param: maps a point u in [0, 1) to a value of the param. */
    public sealed interface Dimension permits IntRange, DecimalRange, Choice {
        String name();

        Object at(double u);

        /** As search.json records the space. */
        Map<String, Object> describe();
    }

    /** Integers from min to max inclusive; on a log scale, small values are tried as often as large ones. */
    public record IntRange(String name, int min, int max, boolean log) implements Dimension {
        public IntRange {
            if (min > max || (log && min < 1)) {
                throw new IllegalArgumentException("search range of '" + name + "': [" + min + ", " + max + "]"
                        + (log ? " on a log scale needs 1 <= min <= max" : " needs min <= max"));
            }
        }

        @Override
        public Object at(double u) {
            if (log) { // each integer owns [n - 0.5, n + 0.5) of the log axis
                double lo = Math.log(min - 0.5);
                double v = Math.exp(lo + u * (Math.log(max + 0.5) - lo));
                return (int) Math.max(min, Math.min(max, Math.round(v)));
            }
            return (int) Math.min(max, min + (long) Math.floor(u * ((long) max - min + 1)));
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("type", "integer", "min", min, "max", max, "log", log);
        }
    }

    /** Decimals from min to max; on a log scale, each decade is tried as often as the next. */
    public record DecimalRange(String name, double min, double max, boolean log) implements Dimension {
        public DecimalRange {
            if (!(min <= max) || (log && !(min > 0))) {
                throw new IllegalArgumentException("search range of '" + name + "': [" + min + ", " + max + "]"
                        + (log ? " on a log scale needs 0 < min <= max" : " needs min <= max"));
            }
        }

        @Override
        public Object at(double u) {
            if (u <= 0) {
                return min; // exp(log(min)) need not be min to the last bit
            }
            double v = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
            return Math.max(min, Math.min(max, v));
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("type", "number", "min", min, "max", max, "log", log);
        }
    }

    /** One of a few string values, each as likely. */
    public record Choice(String name, List<String> values) implements Dimension {
        public Choice {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("search choice of '" + name + "': no values");
            }
        }

        @Override
        public Object at(double u) {
            return values.get(Math.min(values.size() - 1, (int) Math.floor(u * values.size())));
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("type", "choice", "values", values);
        }
    }

    private final List<Dimension> dimensions;

    private SearchSpace(List<Dimension> dimensions) {
        this.dimensions = List.copyOf(dimensions);
    }

    public SearchSpace integer(String name, int min, int max) {
        return with(new IntRange(name, min, max, false));
    }

    public SearchSpace integerLog(String name, int min, int max) {
        return with(new IntRange(name, min, max, true));
    }

    public SearchSpace decimal(String name, double min, double max) {
        return with(new DecimalRange(name, min, max, false));
    }

    public SearchSpace decimalLog(String name, double min, double max) {
        return with(new DecimalRange(name, min, max, true));
    }

    public SearchSpace choice(String name, String... values) {
        return with(new Choice(name, List.of(values)));
    }

    private SearchSpace with(Dimension d) {
        List<Dimension> out = new ArrayList<>(dimensions);
        out.removeIf(existing -> existing.name().equals(d.name()));
        out.add(d);
        return new SearchSpace(out);
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public boolean isEmpty() {
        return dimensions.isEmpty();
    }

    /** The dimensions whose param is not in {@code fixed} (the params a spec sets itself stay as it says). */
    public SearchSpace without(Collection<String> fixed) {
        return new SearchSpace(dimensions.stream().filter(d -> !fixed.contains(d.name())).toList());
    }

    /** The space as search.json records it: name to range or choices. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        dimensions.forEach(d -> out.put(d.name(), d.describe()));
        return out;
    }

    /**
     * Every dimension is a param of the kind's schema, of the same type, and a choice offers only allowed values.
     *
     * @throws IllegalStateException naming the kind and the param: a kind that declares this is broken
     */
    public void checkAgainst(ParamSchema schema, String kind) {
        for (Dimension d : dimensions) {
            ParamSchema.Param p = schema.params().get(d.name());
            String where = "kind '" + kind + "': search space dimension '" + d.name() + "'";
            if (p == null) {
                throw new IllegalStateException(where + " is not one of its params " + schema.params().keySet());
            }
            ParamSchema.Type expected = d instanceof IntRange ? ParamSchema.Type.INT
                    : d instanceof DecimalRange ? ParamSchema.Type.DOUBLE : ParamSchema.Type.STRING;
            if (p.type() != expected) {
                throw new IllegalStateException(where + " is a " + expected + " range but the param is " + p.type());
            }
            if (d instanceof Choice c && !p.allowed().isEmpty() && !p.allowed().containsAll(c.values())) {
                throw new IllegalStateException(where + " offers " + c.values() + " but the param allows "
                        + p.allowed());
            }
        }
    }
}
