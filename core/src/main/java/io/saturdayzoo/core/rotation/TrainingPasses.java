package io.saturdayzoo.core.rotation;

import io.saturdayzoo.core.catalog.ModelSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chosen specs in the two passes a Saturday trains them in: first every spec that fits on data, then the
 * ensembles, which combine their bases' registered versions. An ensemble brings its bases into the first pass when
 * they were not chosen themselves (each base is trained once however many ensembles use it), so the versions it
 * combines were trained on the same data.
 */
public record TrainingPasses(List<ModelSpec> models, List<ModelSpec> ensembles) {

    public TrainingPasses {
        models = List.copyOf(models);
        ensembles = List.copyOf(ensembles);
    }

    /**
     * @param chosen  the rotation's (or the caller's) choice, in order
     * @param catalog every spec of the catalog, to find the bases by id (a validated catalog has them all)
     */
    public static TrainingPasses of(List<ModelSpec> chosen, List<ModelSpec> catalog) {
        Map<String, ModelSpec> byId = new LinkedHashMap<>();
        catalog.forEach(s -> byId.putIfAbsent(s.id(), s));
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        List<ModelSpec> ensembles = new ArrayList<>();
        for (ModelSpec spec : chosen) {
            if (spec.isEnsemble()) {
                ensembles.add(spec);
            } else {
                models.putIfAbsent(spec.id(), spec);
            }
        }
        for (ModelSpec ensemble : ensembles) {
            for (String baseId : ensemble.bases()) {
                ModelSpec base = byId.get(baseId);
                if (base == null) {
                    throw new IllegalArgumentException("spec '" + ensemble.id() + "': field 'bases': unknown spec '"
                            + baseId + "'");
                }
                models.putIfAbsent(baseId, base);
            }
        }
        return new TrainingPasses(List.copyOf(models.values()), ensembles);
    }

    /** Every spec of both passes, models first. */
    public List<ModelSpec> all() {
        List<ModelSpec> all = new ArrayList<>(models);
        all.addAll(ensembles);
        return all;
    }
}
