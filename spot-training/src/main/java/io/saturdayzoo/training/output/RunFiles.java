package io.saturdayzoo.training.output;

/**
 * The trainer's own files in a run's folder, beside core's model.txt, evaluation.json and manifest.json (which
 * {@link io.saturdayzoo.core.registry.ArtifactStore} names): registration copies them with the rest, so a version's
 * folder holds them too.
 */
public final class RunFiles {
    /** The calibrator the model scores through ({"method": "none"} when the spec asks for none). */
    public static final String CALIBRATOR = "calibrator.json";
    /** Every fold's predictions on rows its model never trained on: what an ensemble is fitted on. */
    public static final String OUT_OF_FOLD = "oof_predictions.json";
    /** Every trial of a hyper-parameter search (only when the spec asked for one). */
    public static final String SEARCH = "search.json";
    /** The last walk-forward fold's model (what the backtest gate scores a candidate with). */
    public static final String LAST_FOLD_MODEL = "last_fold_model.txt";
    /** Its calibrator, fold result and the newest row time it saw ({@link LastFoldFile}). */
    public static final String LAST_FOLD = "last_fold.json";

    private RunFiles() {
    }
}
