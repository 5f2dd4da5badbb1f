package io.saturdayzoo.training.run;

import io.saturdayzoo.training.balance.ClassBalance;
import io.saturdayzoo.training.balance.ClassWeights;
import io.saturdayzoo.training.calibration.Calibrator;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.eval.FoldSpan;
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
    private final TableShare share;
    private final TrainingEvents events;
    private final TrainingEvents.Context ctx;

    FoldTraining(ModelKind kind, HarnessOptions harness, FitOptions fit, TableShare share, TrainingEvents events,
                 TrainingEvents.Context ctx) {
        this.kind = kind;
        this.harness = harness;
        this.fit = fit;
        this.share = share;
        this.events = events;
        this.ctx = ctx;
    }

    /**
     * A fold's outcome: its metrics, its predictions on the rows it did not train on, and (when asked for: the last
     * fold's, which the backtest gate scores) its model's text; null otherwise. {@code seconds} says where the
     * fold's time went; null for a fold read back from a checkpoint.
     */
    record Outcome(FoldResult result, FoldPredictions predictions, String modelText, Seconds seconds) {
    }

    /** A trained fold's wall time: the fit (the training set built and boosted), scoring its held-out rows, the rest. */
    record Seconds(double fit, double scoring, double harness) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fit", fit);
            m.put("scoring", scoring);
            m.put("harness", harness);
            return m;
        }
    }

    Outcome run(String specId, Fold fold, KindParams params, boolean keepModel) {
        String where = "spec '" + specId + "' fold " + fold.index();
        ClassWeights weights = weights(fold.train(), fold.index(), where);
        long started = System.nanoTime();
        try (FittedModel model = kind.fit(fold.train(), fold.validation(), params, fit.withClassWeights(weights))) {
            long fitted = System.nanoTime();
            double[] validScores = model.predict(fold.validation());
            double[] testScores = model.predict(fold.test());
            long scored = System.nanoTime();
            // every machine's scores of the fold's validation and test rows: the harness decides on the whole fold
            TableShare.Scored validGathered = share.gather(where + " validation", new TableShare.Scored(
                    fold.validation().labels(), validScores));
            TableShare.Scored testGathered = share.gather(where + " test", new TableShare.Scored(
                    fold.test().labels(), testScores));
            float[] validLabels = validGathered.labels();
            double[] validRaw = validGathered.scores();
            double[] testRaw = testGathered.scores();
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
            SplitMetrics test = SplitMetrics.of(where + " test", testGathered.labels(), calibrator.apply(testRaw),
                    threshold);
            FoldSpan span = share.span(fold);
            FoldResult result = new FoldResult(fold.index(), span.trainRows(), span.trainFrom(), span.trainTo(),
                    span.testFrom(), span.testTo(), validation, test, weights);
            FoldPredictions predictions = new FoldPredictions(fold.index(), calibrator,
                    share.validationPart(fold, validGathered), share.testPart(fold, testGathered));
            String modelText = keepModel ? model.modelText() : null;
            long done = System.nanoTime();
            return new Outcome(result, predictions, modelText,
                    new Seconds((fitted - started) / 1e9, (scored - fitted) / 1e9, (done - scored) / 1e9));
        }
    }

    /** A search trial's score on one fold: fit on the training part, the metric on the raw validation scores. */
    double score(Fold fold, KindParams params, SearchMetric metric) {
        String where = "fold " + fold.index() + " trial";
        ClassWeights weights = harness.classBalance() == ClassBalance.AUTO
                ? ClassWeights.of(trainingLabels(fold.train(), where)) : null;
        try (FittedModel model = kind.fit(fold.train(), fold.validation(), params, fit.withClassWeights(weights))) {
            TableShare.Scored valid = share.gather(where + " validation", new TableShare.Scored(
                    fold.validation().labels(), model.predict(fold.validation())));
            return metric.of(valid.labels(), valid.scores());
        }
    }

    /** The model that ships: fit on every row, weighted by every row's classes when class balance is on. */
    /** The final model on every row; continuing from {@code parent}'s trees when it is not null. */
    FittedModel fitFinal(Rows all, Rows none, KindParams params, FittedModel parent) {
        FitOptions options = fit.withClassWeights(weights(all, null, "final model"));
        return parent == null ? kind.fit(all, none, params, options) : kind.fitFrom(parent, all, params, options);
    }

    /** Weights from these training rows, announced the same way for every kind; null when balance is off. */
    private ClassWeights weights(Rows train, Integer fold, String where) {
        if (harness.classBalance() != ClassBalance.AUTO) {
            return null;
        }
        ClassWeights weights = ClassWeights.of(trainingLabels(train, where));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("positives", weights.positives());
        detail.put("negatives", weights.negatives());
        detail.put("weight", weights.positiveWeight());
        detail.put("method", kind.classWeighting().method().wireName());
        events.emit("class_balance_applied", ctx, fold, detail);
        return weights;
    }

    /** The labels of every machine's training rows of this fit: class weights count the whole fold's classes. */
    private float[] trainingLabels(Rows train, String where) {
        float[] mine = train.labels();
        return share.machines() == 1 ? mine
                : share.gather(where + " training labels", new TableShare.Scored(mine, new double[mine.length]))
                        .labels();
    }
}
