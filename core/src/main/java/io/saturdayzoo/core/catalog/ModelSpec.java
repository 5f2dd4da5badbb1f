package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

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
 * <p>The harness fields are read by the trainer, which owns their values (the generated part of the catalog schema
 * lists them): {@code class_balance} and {@code calibration} (null: the trainer's default), {@code search} (null: no
 * hyper-parameter search). An ensemble spec names the specs whose versions it combines in {@code bases} (empty for
 * every other spec).
 *
 * @param params hyper-parameters; values are Number, String or Boolean, typed per kind by the catalog schema
 * @param nodes  how many machines train it together: 1 (the default) is one Batch job on Spot; 2 or more is one AWS
 *               Batch multi-node parallel job whose nodes each hold a share of the rows
 * @param node   the size of each of those machines (multi-node specs only); absent fields take the stack's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
        @JsonProperty(ID) String id,
        @JsonProperty(KIND) String kind,
        @JsonProperty(LABEL) String label,
        @JsonProperty(DATASET) DatasetRef dataset,
        @JsonProperty(PARAMS) Map<String, Object> params,
        @JsonProperty(STATUS) SpecStatus status,
        @JsonProperty(BASES) @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> bases,
        @JsonProperty(CLASS_BALANCE) String classBalance,
        @JsonProperty(CALIBRATION) String calibration,
        @JsonProperty(SEARCH) SearchRequest search,
        @JsonProperty(NODES) Integer nodes,
        @JsonProperty(NODE) NodeSize node,
        @JsonProperty(PROMOTION) Promotion promotion) {

    // The spec's field names in the catalog file.
    public static final String ID = "id";
    public static final String KIND = "kind";
    public static final String LABEL = "label";
    public static final String DATASET = "dataset";
    public static final String PARAMS = "params";
    public static final String STATUS = "status";
    public static final String BASES = "bases";
    public static final String CLASS_BALANCE = "class_balance";
    public static final String CALIBRATION = "calibration";
    public static final String SEARCH = "search";
    public static final String NODES = "nodes";
    public static final String NODE = "node";
    public static final String PROMOTION = "promotion";

    /** Whether the gate's winner becomes champion by itself or waits for a person (PENDING_APPROVAL). */
    public enum Promotion {
        @JsonProperty("auto") AUTO,
        @JsonProperty("manual") MANUAL
    }

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
        bases = bases == null ? List.of() : List.copyOf(bases);
        nodes = nodes == null ? 1 : nodes;
        node = node == null ? NodeSize.DEFAULT : node;
    }

    /** One machine, promotion auto (the catalog's defaults when the fields are absent). */
    public ModelSpec(String id, String kind, String label, DatasetRef dataset, Map<String, Object> params,
                     SpecStatus status, List<String> bases, String classBalance, String calibration,
                     SearchRequest search) {
        this(id, kind, label, dataset, params, status, bases, classBalance, calibration, search, 1, NodeSize.DEFAULT,
                null);
    }

    /** Promotion auto (the catalog's default when the field is absent). */
    public ModelSpec(String id, String kind, String label, DatasetRef dataset, Map<String, Object> params,
                     SpecStatus status, List<String> bases, String classBalance, String calibration,
                     SearchRequest search, Integer nodes, NodeSize node) {
        this(id, kind, label, dataset, params, status, bases, classBalance, calibration, search, nodes, node, null);
    }

    /** True when the gate's winner waits for a person to promote it. */
    @JsonIgnore
    public boolean manualPromotion() {
        return promotion == Promotion.MANUAL;
    }

    public ModelSpec withPromotion(Promotion value) {
        return new ModelSpec(id, kind, label, dataset, params, status, bases, classBalance, calibration, search, nodes,
                node, value);
    }

    /** A spec without harness options or bases, trained by one machine. */
    public ModelSpec(String id, String kind, String label, DatasetRef dataset, Map<String, Object> params,
                     SpecStatus status) {
        this(id, kind, label, dataset, params, status, List.of(), null, null, null, 1, NodeSize.DEFAULT, null);
    }

    /** Whether it trains as one multi-node parallel job ({@link #nodes()} >= 2). */
    public boolean isMultiNode() {
        return nodes > 1;
    }

    public boolean isActive() {
        return status == SpecStatus.ACTIVE;
    }

    /** An ensemble combines the registered versions of its {@link #bases()} instead of fitting on the data itself. */
    @JsonIgnore
    public boolean isEnsemble() {
        return !bases.isEmpty();
    }

    public ModelSpec withBases(List<String> baseIds) {
        return new ModelSpec(id, kind, label, dataset, params, status, baseIds, classBalance, calibration, search, nodes, node, promotion);
    }

    public ModelSpec withClassBalance(String value) {
        return new ModelSpec(id, kind, label, dataset, params, status, bases, value, calibration, search, nodes, node, promotion);
    }

    public ModelSpec withCalibration(String value) {
        return new ModelSpec(id, kind, label, dataset, params, status, bases, classBalance, value, search, nodes, node, promotion);
    }

    public ModelSpec withParams(Map<String, Object> value) {
        return new ModelSpec(id, kind, label, dataset, value, status, bases, classBalance, calibration, search, nodes, node, promotion);
    }

    public ModelSpec withDataset(DatasetRef value) {
        return new ModelSpec(id, kind, label, value, params, status, bases, classBalance, calibration, search, nodes, node, promotion);
    }

    public ModelSpec withSearch(SearchRequest value) {
        return new ModelSpec(id, kind, label, dataset, params, status, bases, classBalance, calibration, value, nodes, node, promotion);
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
