package io.saturdayzoo.training.kind;

import io.saturdayzoo.training.balance.ClassWeighting;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.search.SearchSpace;

/**
 * A model family the trainer can fit, found by {@link java.util.ServiceLoader}: adding a kind is one class plus one
 * line in META-INF/services/io.saturdayzoo.training.kind.ModelKind, then {@link CatalogKindsSchema#REGENERATE} so
 * the published catalog schema lists it and its params. Kinds only fit, predict and (re)load, and declare their
 * search space and how they take class weights; folds, class balance, search, calibration, thresholds, metrics,
 * logging and outputs are the same code for every kind.
 */
public interface ModelKind {
    /** The name specs use in their "kind" field. */
    String name();

    /**
     * The params this kind accepts (types and defaults): the only place they are named. The trainer resolves specs
     * with it, and zoo/catalog.schema.json carries it (generated) so every loader of the catalog checks them too.
     */
    ParamSchema params();

    /**
     * Which of its params a hyper-parameter search may vary, and over what range: declared here, beside
     * {@link #params()}, and checked against it. Default: none (a spec of this kind cannot ask for a search).
     */
    default SearchSpace searchSpace() {
        return SearchSpace.NONE;
    }

    /** How this kind takes class weights ({@link FitOptions#classWeights()}); default: it cannot. */
    default ClassWeighting classWeighting() {
        return ClassWeighting.UNSUPPORTED;
    }

    /**
     * Fits one model.
     *
     * @param train      time-ordered training rows
     * @param validation the rows right after train (may be empty, e.g. for the final model); kinds may use it for
     *                   early stopping, never for anything the test part sees
     */
    FittedModel fit(Rows train, Rows validation, KindParams params, FitOptions options);

    /** Reads back a model written by {@link FittedModel#modelText()} (checkpoint resume, research). */
    FittedModel load(String modelText);
}
