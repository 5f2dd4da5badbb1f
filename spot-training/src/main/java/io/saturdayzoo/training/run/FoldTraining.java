package io.saturdayzoo.training.run;

import io.saturdayzoo.training.balance.ClassBalance;
import io.saturdayzoo.training.balance.ClassWeights;
import io.saturdayzoo.training.calibration.Calibrator;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.eval.SplitMetrics;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.search.SearchMetric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The harness's steps around one fit, the same for every kind and in this order: class weights from the training
 * rows only, the fit (the kind applies the weights), the calibrator fitted on the validation part, the threshold
 * picked on the calibrated validation scores, then the test part scored with both. Nothing the test part holds
 * decides anything.
 */
final class FoldTraining {
    private final ModelKind kind;
    private final HarnessOptions harness;
    private final FitOptions fit;
    private final TrainingEvents events;
    private final TrainingEvents.Context ctx;

    FoldTraining(ModelKind kind, HarnessOptions harness, FitOptions fit, TrainingEvents events,
                 TrainingEvents.Context ctx) {
        this.kind = kind;
        this.harness = harness;
        this.fit = fit;
        this.events = events;
        this.ctx = ctx;
    }

    /**
     * A fold's outcome: its metrics, its predictions on the rows it did not train on, and (when asked for: the last
     * fold's, which the backtest gate scores) its model's text; null otherwise.
     */
    record Outcome(FoldResult result, FoldPredictions predictions, String modelText) {
    }

    Outcome run(String specId, Fold fold, KindParams params, boolean keepModel) {
        String where = "spec '" + specId + "' fold " + fold.index();
        ClassWeights weights = weights(fold.train(), fold.index());
        try (FittedModel model = kind.fit(fold.train(), fold.validation(), params, fit.withClassWeights(weights))) {
            float[] validLabels = fold.validation().labels();
            double[] validRaw = model.predict(fold.validation());
            double[] testRaw = model.predict(fold.test());
            Calibrator calibrator = harness.calibration().fit(validLabels, validRaw);
            double[] valid = calibrator.apply(validRaw);
            double threshold = BinaryMetrics.bestF1Threshold(validLabels, valid);
            SplitMetrics validation = SplitMetrics.of(where + " validation", validLabels, valid, threshold);
            Map<String, Object> picked = new LinkedHashMap<>();
            picked.put("threshold", threshold);
            picked.put("objective", "max_f1_on_validation");
            picked.put("validation_f1", validation.f1());
            picked.put("calibration", harness.calibration().wireName());
            events.emit("threshold_picked", ctx, fold.index(), picked);
            SplitMetrics test = SplitMetrics.of(where + " test", fold.test().labels(), calibrator.apply(testRaw),
                    threshold);
            FoldResult result = new FoldResult(fold.index(), fold.train().count(), fold.train().firstTime(),
                    fold.train().lastTime(), fold.test().firstTime(), fold.test().lastTime(), validation, test, weights);
            FoldPredictions predictions = new FoldPredictions(fold.index(), calibrator,
                    FoldPredictions.Part.of(fold.validation(), validRaw), FoldPredictions.Part.of(fold.test(), testRaw));
            return new Outcome(result, predictions, keepModel ? model.modelText() : null);
        }
    }

    /** A search trial's score on one fold: fit on the training part, the metric on the raw validation scores. */
    double score(Fold fold, KindParams params, SearchMetric metric) {
        ClassWeights weights = harness.classBalance() == ClassBalance.AUTO ? ClassWeights.of(fold.train().labels())
                : null;
        try (FittedModel model = kind.fit(fold.train(), fold.validation(), params, fit.withClassWeights(weights))) {
            return metric.of(fold.validation().labels(), model.predict(fold.validation()));
        }
    }

    /** The model that ships: fit on every row, weighted by every row's classes when class balance is on. */
    FittedModel fitFinal(Rows all, Rows none, KindParams params) {
        return kind.fit(all, none, params, fit.withClassWeights(weights(all, null)));
    }

    /** Weights from these training rows, announced the same way for every kind; null when balance is off. */
    private ClassWeights weights(Rows train, Integer fold) {
        if (harness.classBalance() != ClassBalance.AUTO) {
            return null;
        }
        ClassWeights weights = ClassWeights.of(train.labels());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("positives", weights.positives());
        detail.put("negatives", weights.negatives());
        detail.put("weight", weights.positiveWeight());
        detail.put("method", kind.classWeighting().method().wireName());
        events.emit("class_balance_applied", ctx, fold, detail);
        return weights;
    }
}
