package io.saturdayzoo.training.run;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SearchRequest;
import io.saturdayzoo.training.balance.ClassBalance;
import io.saturdayzoo.training.balance.ClassWeighting;
import io.saturdayzoo.training.calibration.Calibration;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.search.SearchMetric;
import io.saturdayzoo.training.search.SearchSpace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model spec's harness fields, read and checked against its kind before any data is read: class balance (the
 * kind must take weights, and the spec must not also weight classes by hand), calibration, and the search (the
 * kind's space less the params the spec fixes must leave something to vary).
 *
 * @param search null when the spec asks for no search
 */
record HarnessOptions(ClassBalance classBalance, Calibration calibration, Search search) {

    /** A resolved search request: trials, metric and the dimensions it varies. */
    record Search(int trials, SearchMetric metric, SearchSpace space) {
    }

    static HarnessOptions of(ModelSpec spec, ModelKind kind) {
        ClassBalance balance = ClassBalance.of(spec);
        if (balance == ClassBalance.AUTO) {
            ClassWeighting weighting = kind.classWeighting();
            if (weighting.method() == ClassWeighting.Method.UNSUPPORTED) {
                throw new InvalidSpecException("spec '" + spec.id() + "': field '" + ModelSpec.CLASS_BALANCE
                        + "': kind '" + kind.name() + "' cannot take class weights, so 'auto' is not possible"
                        + " (expected none)");
            }
            for (String param : weighting.handSetParams()) {
                if (spec.params().containsKey(param)) {
                    throw new InvalidSpecException("spec '" + spec.id() + "': field '" + ModelSpec.PARAMS + "." + param
                            + "': weights the classes by hand, and " + ModelSpec.CLASS_BALANCE + " 'auto' computes"
                            + " the weight from each training fold; remove '" + param + "' (or set "
                            + ModelSpec.CLASS_BALANCE + " to 'none' to keep the hand-set weight)");
                }
            }
        }
        return new HarnessOptions(balance, Calibration.of(spec), search(spec, kind));
    }

    private static Search search(ModelSpec spec, ModelKind kind) {
        if (spec.search() == null) {
            return null;
        }
        String field = "spec '" + spec.id() + "': field '" + ModelSpec.SEARCH;
        SearchMetric metric = SearchMetric.of(spec);
        if (spec.search().trials() < 1) {
            throw new InvalidSpecException(field + ".trials': must be a positive integer, got "
                    + spec.search().trials());
        }
        SearchSpace declared = kind.searchSpace();
        declared.checkAgainst(kind.params(), kind.name());
        if (declared.isEmpty()) {
            throw new InvalidSpecException(field + "': kind '" + kind.name() + "' declares no search space");
        }
        SearchSpace free = declared.without(spec.params().keySet());
        if (free.isEmpty()) {
            throw new InvalidSpecException(field + "': the spec sets every param the search could vary ("
                    + String.join(", ", declared.describe().keySet()) + "); leave some out of params");
        }
        return new Search(spec.search().trials(), metric, free);
    }

    /** What the manifest and the training_started event record. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(ModelSpec.CLASS_BALANCE, classBalance.wireName());
        out.put(ModelSpec.CALIBRATION, calibration.wireName());
        if (search != null) {
            out.put(ModelSpec.SEARCH, Map.of(SearchRequest.TRIALS, search.trials(), SearchRequest.METRIC,
                    search.metric().wireName(),
                    "space", search.space().describe()));
        }
        return out;
    }
}
