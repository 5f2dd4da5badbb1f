package io.saturdayzoo.training.ensemble;

import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ParamSchema;

/**
 * A way of combining the probabilities of base models into one, found by {@link java.util.ServiceLoader} like a
 * model kind: adding one is one class plus one line in
 * META-INF/services/io.saturdayzoo.training.ensemble.EnsembleKind, then
 * {@link io.saturdayzoo.training.kind.CatalogKindsSchema#REGENERATE}. It only fits and (re)loads a combiner; which
 * rows it sees (out-of-fold predictions only), folds, calibration, thresholds, metrics and outputs are the harness's
 * ({@link EnsembleTrainer}).
 */
public interface EnsembleKind {
    /** The name ensemble specs use in their "kind" field (never the name of a model kind). */
    String name();

    /** The params it accepts: the only place they are named (the catalog schema carries them, generated). */
    ParamSchema params();

    /**
     * Fits a combiner.
     *
     * @param baseScores one row per data row, one column per base (in the spec's order of bases): each base's
     *                   calibrated probability from a model that never trained on that row
     * @param labels     the rows' 0/1 labels
     */
    FittedEnsemble fit(double[][] baseScores, float[] labels, KindParams params);

    /** Reads back a combiner written by {@link FittedEnsemble#modelText()}. */
    FittedEnsemble load(String modelText);
}
