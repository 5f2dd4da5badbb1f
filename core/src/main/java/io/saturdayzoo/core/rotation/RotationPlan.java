package io.saturdayzoo.core.rotation;

import io.saturdayzoo.core.catalog.ModelSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Saturday's choice with its explanation: what trains, in order, and for every spec of the catalog why it was
 * picked or skipped.
 *
 * @param selected    specs to train: champion retrains first, then the challengers the budget picked
 * @param reasons     spec id -> "champion retrain (churn#v3)" | "stalest (last trained ...)" | "quarantined: ..." |
 *                    "not picked: budget" | "not picked: retired", in catalog order
 * @param quarantined the quarantined specs with their reasons, in catalog order
 */
public record RotationPlan(List<ModelSpec> selected, Map<String, String> reasons, Map<String, String> quarantined) {

    /**
     * SelectRotation's output field holding the one-line quarantine notice ("none", or each quarantined spec with
     * its reason), which the definition carries into the run's success notice and failure alert.
     */
    public static final String QUARANTINE_NOTICE_FIELD = "quarantine";
    public static final String CHAMPION_RETRAIN = "champion retrain";
    public static final String NOT_PICKED_BUDGET = "not picked: budget";
    public static final String NOT_PICKED_RETIRED = "not picked: retired";

    public RotationPlan {
        selected = List.copyOf(selected);
        reasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
        quarantined = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(quarantined));
    }
}
