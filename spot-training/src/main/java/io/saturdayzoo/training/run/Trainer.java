package io.saturdayzoo.training.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.eval.Evaluation;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.eval.FoldSpan;
import io.saturdayzoo.training.eval.SplitMetrics;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.kind.ModelKinds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one training path for every kind: walk-forward folds, threshold on validation only, metrics on test, the
 * final model on all rows, structured events, and fold checkpoints so an interrupted job resumes.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelKinds kinds;

    public Trainer(ModelKinds kinds) {
        this.kinds = kinds;
    }

    public Trainer() {
        this(ModelKinds.discover());
    }

    public ModelKinds kinds() {
        return kinds;
    }

    /**
     * Checks a spec's kind and params without touching data (bad input fails here, before anything is read).
     *
     * @throws io.saturdayzoo.training.kind.InvalidSpecException naming the spec, the field and the value
     */
    public KindParams validate(ModelSpec spec) {
        ModelKind kind = kinds.require(spec.id(), spec.kind());
        return kind.params().resolve(spec.id(), kind.name(), spec.params());
    }

    /** The canonical entry: trains and evaluates one spec on one dataset. Writes only checkpoints. */
    public TrainedArtifact train(ModelSpec spec, Dataset dataset, TrainOptions options) {
        ModelKind kind = kinds.require(spec.id(), spec.kind());
        KindParams params = kind.params().resolve(spec.id(), kind.name(), spec.params());
        TrainingEvents.Context ctx = new TrainingEvents.Context(spec.id(), kind.name(), spec.label(), options.jobId(),
                options.executionId());
        TrainingEvents events = options.events();
        TableShare share = options.share();
        FitOptions fit = new FitOptions(options.threads(), options.seed(), share.machines());
        Instant started = Instant.now();
        List<Fold> folds = share.folds(dataset, options.folds());
        TrainedArtifact.DataSummary data = share.summary(dataset);
        String fingerprint = fingerprint(spec, params, data, options);
        events.emit("training_started", ctx, null, Map.of(
                "rows", data.rows(), "features", dataset.featureCount(), "folds", folds.size(),
                "threads", options.threads(), "params", params.asMap(), "dataset", dataset.source()));
        try {
            List<FoldResult> results = new ArrayList<>();
            int resumed = 0;
            for (Fold fold : folds) {
                Optional<FoldResult> done = readCheckpoint(options.checkpoints(), fold.index(), fingerprint);
                FoldResult result;
                if (done.isPresent()) {
                    result = done.get();
                    resumed++;
                } else {
                    result = runFold(spec, kind, params, fit, fold, share, events, ctx, options.checkpoints(),
                            fingerprint);
                }
                results.add(result);
                events.emit("fold_complete", ctx, fold.index(), foldDetail(result, done.isPresent()));
                options.afterFold().accept(result);
            }
            Evaluation evaluation = Evaluation.of(results);
            String modelText;
            Map<String, Double> importance;
            try (FittedModel model = finalModel(kind, params, fit, dataset, options.checkpoints(), fingerprint)) {
                modelText = model.modelText();
                importance = model.featureImportance(dataset.featureNames());
            }
            Instant completed = Instant.now();
            TrainedArtifact artifact = new TrainedArtifact(spec.id(), kind.name(), spec.label(), params.asMap(),
                    modelText, evaluation, data, importance, started, completed, resumed);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("metrics", evaluation.aggregate());
            detail.put("decision_threshold", evaluation.decisionThreshold());
            detail.put("wall_seconds", artifact.wallSeconds());
            detail.put("resumed_folds", resumed);
            events.emit("training_complete", ctx, null, detail);
            return artifact;
        } catch (RuntimeException e) {
            events.emit("training_failed", ctx, null, Map.of("error", String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private static FoldResult runFold(ModelSpec spec, ModelKind kind, KindParams params, FitOptions fit, Fold fold,
                                      TableShare share, TrainingEvents events, TrainingEvents.Context ctx,
                                      CheckpointStore checkpoints, String fingerprint) {
        String where = "spec '" + spec.id() + "' fold " + fold.index();
        try (FittedModel model = kind.fit(fold.train(), fold.validation(), params, fit)) {
            TableShare.Scored valid = share.gather(where + " validation", new TableShare.Scored(
                    fold.validation().labels(), model.predict(fold.validation())));
            double threshold = BinaryMetrics.bestF1Threshold(valid.labels(), valid.scores());
            SplitMetrics validation = SplitMetrics.of(where + " validation", valid.labels(), valid.scores(),
                    threshold);
            events.emit("threshold_picked", ctx, fold.index(), Map.of("threshold", threshold,
                    "objective", "max_f1_on_validation", "validation_f1", validation.f1()));
            TableShare.Scored tested = share.gather(where + " test", new TableShare.Scored(fold.test().labels(),
                    model.predict(fold.test())));
            SplitMetrics test = SplitMetrics.of(where + " test", tested.labels(), tested.scores(), threshold);
            FoldSpan span = share.span(fold);
            FoldResult result = new FoldResult(fold.index(), span.trainRows(), span.trainFrom(), span.trainTo(),
                    span.testFrom(), span.testTo(), validation, test);
            checkpoints.write("fold-" + fold.index() + ".model.txt", model.modelText());
            checkpoints.write("fold-" + fold.index() + ".json", toJson(Map.of("fingerprint", fingerprint,
                    "result", result)));
            return result;
        }
    }

    /** The model that ships: fit on every row (newest data included), or read back from a finished attempt. */
    private static FittedModel finalModel(ModelKind kind, KindParams params, FitOptions fit, Dataset dataset,
                                          CheckpointStore checkpoints, String fingerprint) {
        Optional<String> marker = checkpoints.read("final.json");
        Optional<String> text = checkpoints.read("final.model.txt");
        if (marker.isPresent() && text.isPresent() && marker.get().contains(fingerprint)) {
            return kind.load(text.get());
        }
        FittedModel model = kind.fit(dataset.all(), dataset.rows(dataset.rowCount(), dataset.rowCount()), params, fit);
        checkpoints.write("final.model.txt", model.modelText());
        checkpoints.write("final.json", toJson(Map.of("fingerprint", fingerprint)));
        return model;
    }

    private static Optional<FoldResult> readCheckpoint(CheckpointStore store, int fold, String fingerprint) {
        return store.read("fold-" + fold + ".json").flatMap(text -> {
            try {
                var node = JSON.readTree(text);
                if (!fingerprint.equals(node.path("fingerprint").asText())) {
                    return Optional.empty(); // written for other data or params: retrain, never mix
                }
                return Optional.of(JSON.treeToValue(node.get("result"), FoldResult.class));
            } catch (JsonProcessingException e) {
                return Optional.empty(); // a torn write from the interrupted attempt: retrain this fold
            }
        });
    }

    /** Identifies what a checkpoint is valid for: the same spec, params, data (the whole table), folds and seed. */
    static String fingerprint(ModelSpec spec, KindParams params, TrainedArtifact.DataSummary data,
                              TrainOptions options) {
        String identity = spec.id() + "|" + spec.kind() + "|" + params.asMap() + "|" + data.source() + "|"
                + data.rows() + "|" + data.features() + "|" + data.fromEpochSecond() + "|"
                + data.toEpochSecond() + "|" + options.folds() + "|" + options.seed();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> foldDetail(FoldResult r, boolean resumed) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("train_rows", r.trainRows());
        d.put("validation", r.validation().asMap());
        d.put("test", r.test().asMap());
        d.put("resumed_from_checkpoint", resumed);
        return d;
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
