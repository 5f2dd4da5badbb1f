package io.saturdayzoo.training.kind;

import io.saturdayzoo.training.balance.ClassWeighting;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.search.SearchSpace;

import java.util.List;
import java.util.Optional;

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

    /**
     * Why a fit of this kind cannot continue from {@code parent} on rows with these features (LightGBM's init_model:
     * the parent's trees, then new ones), or empty when {@link #fitFrom} can. The default: this kind cannot
     * continue from any model, and the run trains from scratch with this reason on record.
     */
    default Optional<String> whyNoWarmStart(FittedModel parent, List<String> featureNames) {
        return Optional.of("kind '" + name() + "' cannot continue from a trained model");
    }

    /**
     * Fits new iterations on top of {@code parent}: the returned model holds the parent's trees first, then the new
     * ones, so its score on a row is the parent's plus what was learned here. Call only when {@link #whyNoWarmStart}
     * is empty.
     */
    default FittedModel fitFrom(FittedModel parent, Rows train, KindParams params, FitOptions options) {
        throw new UnsupportedOperationException(whyNoWarmStart(parent, train.dataset().featureNames())
                .orElse("kind '" + name() + "' has no warm start"));
    }

    /**
     * Whether one model of this kind can be fit by several machines, each holding a share of the rows (a spec's
     * {@code "nodes"} >= 2). The catalog schema refuses {@code nodes} > 1 for a kind that cannot.
     */
    default boolean supportsDistributed() {
        return false;
    }

    /**
     * Connects this process to the other machines of {@code cluster}. Until the returned handle is closed, every fit
     * with {@link FitOptions#machines()} > 1 trains one model together with them (each machine passing its own share
     * of the rows, all in the same order of fits). Call it, fit, and close it on one thread: a kind's network may
     * belong to the thread that joined it, as LightGBM's does.
     */
    default AutoCloseable joinCluster(Cluster cluster) {
        throw new UnsupportedOperationException("kind '" + name() + "' cannot train on several machines");
    }
}
