package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the zoo: what to train (kind = trainer plugin name, params), on which data, and the registered
 * model name ({@code label}) its versions are filed under.
 *
 * @param params hyper-parameters; values are Number, String or Boolean, typed per kind by the catalog schema
 */
public record ModelSpec(
        @JsonProperty(ID) String id,
        @JsonProperty(KIND) String kind,
        @JsonProperty(LABEL) String label,
        @JsonProperty(DATASET) DatasetRef dataset,
        @JsonProperty(PARAMS) Map<String, Object> params,
        @JsonProperty(STATUS) SpecStatus status) {

    // The spec's field names in the catalog file.
    public static final String ID = "id";
    public static final String KIND = "kind";
    public static final String LABEL = "label";
    public static final String DATASET = "dataset";
    public static final String PARAMS = "params";
    public static final String STATUS = "status";

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
