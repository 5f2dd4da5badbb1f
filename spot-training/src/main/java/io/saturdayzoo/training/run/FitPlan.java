package io.saturdayzoo.training.run;

/**
 * How many model fits a spec's training job runs, known before it starts, so a cost ledger can reserve
 * fits x estimated fit cost: the search's trials on every fold (an upper bound: pruning only lowers it), the
 * evaluation folds, and the final model. An ensemble fits no model: it combines registered versions.
 */
public record FitPlan(int searchFits, int evaluationFits, int finalFits) {

    public static final FitPlan NONE = new FitPlan(0, 0, 0);

    public int total() {
        return searchFits + evaluationFits + finalFits;
    }
}
