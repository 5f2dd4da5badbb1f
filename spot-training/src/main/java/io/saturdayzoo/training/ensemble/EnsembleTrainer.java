package io.saturdayzoo.training.ensemble;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.balance.ClassBalance;
import io.saturdayzoo.training.calibration.Calibration;
import io.saturdayzoo.training.calibration.Calibrator;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.eval.Evaluation;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.eval.OutOfFoldPredictions;
import io.saturdayzoo.training.eval.SplitMetrics;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.TrainedArtifact;
import io.saturdayzoo.training.run.TrainingEvents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains an ensemble spec from its bases' registered versions, on their out-of-fold predictions only, with the
 * folds of the bases. Fold k of the bases trained on time blocks 0..k, and scored block k+1 (validation) and k+2
 * (test); so every block from 1 on has a prediction from a model that never saw it. The combiner of fold k is
 * fitted on blocks 1..k+1 (the validation parts of folds 0..k: everything before fold k's test part), its
 * calibrator and threshold come from fold k's validation part, and it is scored on fold k's test part; the final
 * combiner is fitted on every out-of-fold row (blocks 1 to the last). The same metrics, events and outputs as a
 * model kind.
 */
public final class EnsembleTrainer {
    private final EnsembleKinds kinds;

    public EnsembleTrainer(EnsembleKinds kinds) {
        this.kinds = kinds;
    }

    /** The harness fields an ensemble takes: calibration; neither class balance nor a search. */
    public static void check(ModelSpec spec) {
        if (ClassBalance.of(spec) != ClassBalance.NONE) {
            throw new InvalidSpecException("spec '" + spec.id() + "': field '" + ModelSpec.CLASS_BALANCE
                    + "': an ensemble combines its bases' probabilities and takes no class weights (expected none)");
        }
        if (spec.search() != null) {
            throw new InvalidSpecException("spec '" + spec.id() + "': field '" + ModelSpec.SEARCH
                    + "': an ensemble has no search space; search its bases instead");
        }
        Calibration.of(spec);
    }

    public TrainedArtifact train(ModelSpec spec, List<BaseVersion> bases, TrainOptions options) {
        check(spec);
        EnsembleKind kind = kinds.require(spec.id(), spec.kind());
        KindParams params = kind.params().resolve(spec.id(), kind.name(), spec.params());
        Calibration calibration = Calibration.of(spec);
        BaseVersions.requireSameRows(spec, bases);
        List<String> baseIds = bases.stream().map(BaseVersion::versionId).toList();
        TrainingEvents.Context ctx = new TrainingEvents.Context(spec.id(), kind.name(), spec.label(), options.jobId(),
                options.executionId());
        TrainingEvents events = options.events();
        Instant started = Instant.now();
        OutOfFoldPredictions reference = bases.get(0).outOfFold();
        int folds = reference.folds().size();
        Map<String, Object> harness = new LinkedHashMap<>();
        harness.put(ModelSpec.CLASS_BALANCE, ClassBalance.NONE.wireName());
        harness.put(ModelSpec.CALIBRATION, calibration.wireName());
        Map<String, Object> startDetail = new LinkedHashMap<>();
        startDetail.put("rows", reference.rows());
        startDetail.put("base_versions", baseIds);
        startDetail.put("folds", folds);
        startDetail.put("params", params.asMap());
        startDetail.put("harness", harness);
        startDetail.put("dataset", reference.source());
        events.emit("training_started", ctx, null, startDetail);
        try {
            List<FoldResult> results = new ArrayList<>();
            List<FoldPredictions> predictions = new ArrayList<>();
            for (int k = 0; k < folds; k++) {
                FoldPredictions shape = reference.folds().get(k);
                Stacked train = Stacked.validationParts(bases, 0, k);
                FittedEnsemble combiner = kind.fit(train.scores(), train.labels(), params);
                double[] validRaw = combiner.combine(Stacked.validationParts(bases, k, k).scores());
                double[] testRaw = combiner.combine(Stacked.testPart(bases, k).scores());
                float[] validLabels = shape.validation().labels();
                Calibrator calibrator = calibration.fit(validLabels, validRaw);
                double[] valid = calibrator.apply(validRaw);
                double threshold = BinaryMetrics.bestF1Threshold(validLabels, valid);
                String where = "spec '" + spec.id() + "' fold " + k;
                SplitMetrics validation = SplitMetrics.of(where + " validation", validLabels, valid, threshold);
                events.emit("threshold_picked", ctx, k, Map.of("threshold", threshold,
                        "objective", "max_f1_on_validation", "validation_f1", validation.f1(),
                        "calibration", calibration.wireName()));
                SplitMetrics test = SplitMetrics.of(where + " test", shape.test().labels(),
                        calibrator.apply(testRaw), threshold);
                FoldResult result = new FoldResult(k, train.labels().length,
                        reference.folds().get(0).validation().firstTime(), shape.validation().lastTime(),
                        shape.test().firstTime(), shape.test().lastTime(), validation, test, null);
                results.add(result);
                predictions.add(new FoldPredictions(k, calibrator, withScores(shape.validation(), validRaw),
                        withScores(shape.test(), testRaw)));
                events.emit("fold_complete", ctx, k, Map.of("train_rows", result.trainRows(),
                        "validation", validation.asMap(), "test", test.asMap(), "resumed_from_checkpoint", false));
                options.afterFold().accept(result);
            }
            Evaluation evaluation = Evaluation.of(results);
            Stacked everything = Stacked.allOutOfFold(bases);
            String modelText = kind.fit(everything.scores(), everything.labels(), params).modelText();
            Calibrator calibrator = FoldPredictions.finalCalibrator(calibration, predictions);
            TrainedArtifact.DataSummary data = new TrainedArtifact.DataSummary(reference.source(), reference.rows(),
                    reference.positives(), baseIds, reference.fromEpochSecond(), reference.toEpochSecond());
            OutOfFoldPredictions outOfFold = new OutOfFoldPredictions(reference.source(), reference.rows(),
                    reference.positives(), reference.fromEpochSecond(), reference.toEpochSecond(), predictions);
            TrainedArtifact artifact = new TrainedArtifact(spec.id(), kind.name(), spec.label(), params.asMap(),
                    modelText, evaluation, data, Map.of(), started, Instant.now(), 0,
                    new TrainedArtifact.Harness(harness, calibrator, null, outOfFold, baseIds));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("metrics", evaluation.aggregate());
            detail.put("decision_threshold", evaluation.decisionThreshold());
            detail.put("wall_seconds", artifact.wallSeconds());
            detail.put("base_versions", baseIds);
            events.emit("training_complete", ctx, null, detail);
            return artifact;
        } catch (RuntimeException e) {
            events.emit("training_failed", ctx, null, Map.of("error", String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private static FoldPredictions.Part withScores(FoldPredictions.Part rows, double[] scores) {
        return new FoldPredictions.Part(rows.fromRow(), rows.toRow(), rows.firstTime(), rows.lastTime(), rows.labels(),
                scores);
    }

    /** Rows of out-of-fold base probabilities (one column per base, calibrated as each version scores) and labels. */
    record Stacked(double[][] scores, float[] labels) {

        /** The validation parts of folds {@code from..to}: time blocks from+1..to+1. */
        static Stacked validationParts(List<BaseVersion> bases, int from, int to) {
            List<double[][]> blocks = new ArrayList<>();
            List<float[]> labels = new ArrayList<>();
            for (int k = from; k <= to; k++) {
                int fold = k;
                blocks.add(columns(bases, b -> b.outOfFold().folds().get(fold).calibratedValidation()));
                labels.add(bases.get(0).outOfFold().folds().get(fold).validation().labels());
            }
            return concat(blocks, labels);
        }

        static Stacked testPart(List<BaseVersion> bases, int fold) {
            return new Stacked(columns(bases, b -> b.outOfFold().folds().get(fold).calibratedTest()),
                    bases.get(0).outOfFold().folds().get(fold).test().labels());
        }

        /** Every row some fold's model scored without having trained on it: all validation parts, the last test. */
        static Stacked allOutOfFold(List<BaseVersion> bases) {
            int last = bases.get(0).outOfFold().folds().size() - 1;
            Stacked validation = validationParts(bases, 0, last);
            Stacked newest = testPart(bases, last);
            return concat(List.of(validation.scores(), newest.scores()), List.of(validation.labels(), newest.labels()));
        }

        private static double[][] columns(List<BaseVersion> bases,
                                          java.util.function.Function<BaseVersion, double[]> scores) {
            List<double[]> perBase = bases.stream().map(scores).toList();
            double[][] rows = new double[perBase.get(0).length][bases.size()];
            for (int b = 0; b < bases.size(); b++) {
                double[] column = perBase.get(b);
                for (int i = 0; i < rows.length; i++) {
                    rows[i][b] = column[i];
                }
            }
            return rows;
        }

        private static Stacked concat(List<double[][]> blocks, List<float[]> labels) {
            int n = blocks.stream().mapToInt(b -> b.length).sum();
            double[][] rows = new double[n][];
            float[] y = new float[n];
            int at = 0;
            for (int k = 0; k < blocks.size(); k++) {
                System.arraycopy(blocks.get(k), 0, rows, at, blocks.get(k).length);
                System.arraycopy(labels.get(k), 0, y, at, labels.get(k).length);
                at += blocks.get(k).length;
            }
            return new Stacked(rows, y);
        }
    }
}
