package io.saturdayzoo.core.catalog;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the zoo: what to train (kind = trainer plugin name, params), on which data, and the registered
 * model name ({@code label}) its versions are filed under.
 *
 * @param params hyper-parameters; values are Number, String or Boolean (validated by the catalog loader)
 */
public record ModelSpec(String id, String kind, String label, DatasetRef dataset, Map<String, Object> params,
                        SpecStatus status) {

    /**
     * Spec ids as one string, where a list cannot travel (a Batch job parameter, a command-line option): joined by
     * this separator, which no spec id holds (the catalog allows letters, digits, '.', '_' and '-').
     */
    public static final String ID_LIST_SEPARATOR = ",";

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(status, "status");
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean isActive() {
        return status == SpecStatus.ACTIVE;
    }

    /** "a,b,c" for [a, b, c]. */
    public static String joinIds(List<String> ids) {
        return String.join(ID_LIST_SEPARATOR, ids);
    }

    /** [a, b, c] for "a,b,c" (blanks around ids trimmed); an empty entry stays empty, for the caller to reject. */
    public static List<String> splitIds(String joined) {
        return Arrays.stream(joined.split(ID_LIST_SEPARATOR, -1)).map(String::strip).toList();
    }
}
