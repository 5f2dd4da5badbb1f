package io.saturdayzoo.core.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
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
}
