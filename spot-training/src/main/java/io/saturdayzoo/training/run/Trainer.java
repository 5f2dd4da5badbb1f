package io.saturdayzoo.training.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.WarmStart;
import io.saturdayzoo.training.calibration.Calibrator;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.ensemble.EnsembleKind;
import io.saturdayzoo.training.ensemble.EnsembleKinds;
import io.saturdayzoo.training.ensemble.EnsembleTrainer;
import io.saturdayzoo.training.eval.Evaluation;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.eval.OutOfFoldPredictions;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.search.HyperparameterSearch;
import io.saturdayzoo.training.search.SearchResult;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one training path for every model kind: an optional hyper-parameter search on the folds' training and
 * validation parts, then walk-forward folds (class weights from each training part, calibrator and threshold on
 * validation only, metrics on test), the final model on all rows with the calibrator fitted on every fold's
 * validation predictions, structured events, and fold checkpoints so an interrupted job resumes. Ensemble specs go
 * through {@link io.saturdayzoo.training.ensemble.EnsembleTrainer}; {@link #validate} checks both.
 */
public final class Trainer {
    private static final ObjectMapper JSON = ZooJson.mapper();

    private final ModelKinds kinds;
    private final EnsembleKinds ensembles;

    public Trainer(ModelKinds kinds, EnsembleKinds ensembles) {
        Set<String> shared = new HashSet<>(kinds.names());
        shared.retainAll(ensembles.names());
        if (!shared.isEmpty()) {
            throw new IllegalStateException("names used by a model kind and an ensemble kind alike: " + shared);
        }
        this.kinds = kinds;
        this.ensembles = ensembles;
    }

    public Trainer() {
        this(ModelKinds.discover(), EnsembleKinds.discover());
    }

    public ModelKinds kinds() {
        return kinds;
    }

    public EnsembleKinds ensembleKinds() {
        return ensembles;
    }

    /**
     * Checks a spec's kind, params and harness fields without touching data (bad input fails here, before anything
     * is read).
     *
     * @throws InvalidSpecException naming the spec, the field and the value
     */
    public KindParams validate(ModelSpec spec) {
        if (spec.isEnsemble()) {
            EnsembleKind kind = ensembles.require(spec.id(), spec.kind());
            EnsembleTrainer.check(spec);
            return kind.params().resolve(spec.id(), kind.name(), spec.params());
        }
        if (ensembles.find(spec.kind()).isPresent()) {
            throw new InvalidSpecException("spec '" + spec.id() + "': field '" + ModelSpec.BASES + "': kind '"
                    + spec.kind() + "' is an ensemble kind and needs the bases it combines");
        }
        ModelKind kind = kinds.require(spec.id(), spec.kind());
        KindParams params = kind.params().resolve(spec.id(), kind.name(), spec.params());
        HarnessOptions.of(spec, kind);
        return params;
    }

    /** The model fits a spec's job will run with this many folds (what a cost ledger reserves for). */
    public FitPlan plannedFits(ModelSpec spec, int folds) {
        validate(spec);
        if (spec.isEnsemble()) {
            return FitPlan.NONE;
        }
        HarnessOptions harness = HarnessOptions.of(spec, kinds.require(spec.id(), spec.kind()));
        return new FitPlan(harness.search() == null ? 0 : harness.search().trials() * folds, folds, 1);
    }

    /** The canonical entry: trains and evaluates one model spec on one dataset. Writes only checkpoints. */
    public TrainedArtifact train(ModelSpec spec, Dataset dataset, TrainOptions options) {
        if (spec.isEnsemble()) {
            throw new IllegalArgumentException("spec '" + spec.id() + "' is an ensemble: it trains from its bases'"
                    + " versions (EnsembleTrainer), not from a dataset");
        }
        validate(spec);
        ModelKind kind = kinds.require(spec.id(), spec.kind());
        KindParams params = kind.params().resolve(spec.id(), kind.name(), spec.params());
        HarnessOptions harness = HarnessOptions.of(spec, kind);
        TrainingEvents.Context ctx = new TrainingEvents.Context(spec.id(), kind.name(), spec.label(), options.jobId(),
                options.executionId());
        TrainingEvents events = options.events();
        TableShare share = options.share();
        FoldTraining training = new FoldTraining(kind, harness, new FitOptions(options.threads(), options.seed())
                .onMachines(share.machines()), share, events, ctx);
        Instant started = Instant.now();
        List<Fold> folds = share.folds(dataset, options.folds());
        TrainedArtifact.DataSummary data = share.summary(dataset);
        Optional<FittedModel> parent = Optional.ofNullable(options.parent()).map(p -> loadParent(kind, p));
        WarmStart warmStart = options.parent() == null ? null
                : warmStart(kind, options.parent(), parent.orElse(null), dataset.featureNames());
        FittedModel continueFrom = warmStart != null && warmStart.applied() ? parent.get() : null;
        String fingerprint = fingerprint(spec, params, harness, data, options)
                + (continueFrom == null ? "" : "|from " + warmStart.from()); // registered models are write-once
        Map<String, Object> startDetail = new LinkedHashMap<>();
        startDetail.put("rows", data.rows());
        startDetail.put("features", dataset.featureCount());
        startDetail.put("folds", folds.size());
        startDetail.put("threads", options.threads());
        startDetail.put("params", params.asMap());
        startDetail.put("harness", harness.describe());
        startDetail.put("dataset", dataset.source());
        if (warmStart != null) {
            startDetail.put(io.saturdayzoo.core.registry.RunOrigin.WARM_START, warmStart);
        }
        events.emit("training_started", ctx, null, startDetail);
        try {
            SearchResult search = null;
            if (harness.search() != null) {
                search = search(spec, kind, harness, folds, training, options.checkpoints(), fingerprint, events, ctx);
                params = kind.params().resolve(spec.id(), kind.name(), search.bestTrial().params());
            }
            List<FoldResult> results = new ArrayList<>();
            List<FoldPredictions> predictions = new ArrayList<>();
            int resumed = 0;
            TrainedArtifact.LastFold lastFold = null;
            for (Fold fold : folds) {
                boolean last = fold == folds.get(folds.size() - 1);
                Optional<FoldTraining.Outcome> done = readCheckpoint(options.checkpoints(), fold.index(), fingerprint)
                        .filter(o -> !last || o.modelText() != null);
                FoldTraining.Outcome outcome;
                if (done.isPresent()) {
                    outcome = done.get();
                    resumed++;
                } else {
                    outcome = training.run(spec.id(), fold, params, last);
                    Map<String, Object> checkpoint = new LinkedHashMap<>();
                    checkpoint.put("fingerprint", fingerprint);
                    checkpoint.put("result", outcome.result());
                    checkpoint.put("predictions", outcome.predictions());
                    if (outcome.modelText() != null) {
                        checkpoint.put("model", outcome.modelText());
                    }
                    options.checkpoints().write("fold-" + fold.index() + ".json", toJson(checkpoint));
                }
                if (last) {
                    lastFold = new TrainedArtifact.LastFold(outcome.modelText(), outcome.predictions().calibrator(),
                            outcome.result(), outcome.predictions().validation().lastTime());
                }
                results.add(outcome.result());
                predictions.add(outcome.predictions());
                events.emit("fold_complete", ctx, fold.index(), foldDetail(outcome, done.isPresent()));
                options.afterFold().accept(outcome.result());
            }
            Evaluation evaluation = Evaluation.of(results);
            Calibrator calibrator = FoldPredictions.finalCalibrator(harness.calibration(), predictions);
            String modelText;
            Map<String, Double> importance;
            try (FittedModel model = finalModel(kind, training, params, dataset, options.checkpoints(), fingerprint,
                    continueFrom)) {
                modelText = model.modelText();
                importance = model.featureImportance(dataset.featureNames());
            }
            Instant completed = Instant.now();
            TrainedArtifact artifact = new TrainedArtifact(spec.id(), kind.name(), spec.label(), params.asMap(),
                    modelText, evaluation, data, importance, started, completed, resumed,
                    new TrainedArtifact.Harness(harness.describe(), calibrator, search, outOfFold(data, predictions),
                            List.of(), lastFold, warmStart));
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
        } finally {
            parent.ifPresent(FittedModel::close);
        }
    }

    /** The parent's model read by this spec's kind, or empty when that kind cannot read it (recorded as the reason). */
    private static FittedModel loadParent(ModelKind kind, ParentModel parent) {
        try {
            return kind.load(parent.modelText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the final model continues from the parent. The walk-forward folds always fit from scratch: the parent
     * was trained on rows that may be the folds' test rows, so a fold warm-started from it would be scored on rows it
     * has seen (docs/ARCHITECTURE.md, Trainer).
     */
    static WarmStart warmStart(ModelKind kind, ParentModel requested, FittedModel parent, List<String> features) {
        if (parent == null) {
            return WarmStart.fromScratch(requested.versionId(), "kind '" + kind.name() + "' cannot read the parent's "
                    + "model");
        }
        return kind.whyNoWarmStart(parent, features).map(reason -> WarmStart.fromScratch(requested.versionId(), reason))
                .orElseGet(() -> WarmStart.applied(requested.versionId()));
    }

    /** The search on the folds' training and validation parts; read back when an earlier attempt finished it. */
    private static SearchResult search(ModelSpec spec, ModelKind kind, HarnessOptions harness, List<Fold> folds,
                                       FoldTraining training, CheckpointStore checkpoints, String fingerprint,
                                       TrainingEvents events, TrainingEvents.Context ctx) {
        Optional<SearchResult> done = checkpoints.read("search.json").flatMap(text -> {
            try {
                var node = JSON.readTree(text);
                return fingerprint.equals(node.path("fingerprint").asText())
                        ? Optional.of(JSON.treeToValue(node.get("result"), SearchResult.class)) : Optional.empty();
            } catch (JsonProcessingException e) {
                return Optional.empty(); // torn write: search again
            }
        });
        SearchResult result = done.orElseGet(() -> HyperparameterSearch.run(harness.search().trials(),
                harness.search().metric(), harness.search().space(), folds.size(), spec.params(),
                raw -> kind.params().resolve(spec.id(), kind.name(), raw),
                (f, p) -> training.score(folds.get(f), p, harness.search().metric()),
                trial -> events.emit("search_trial", ctx, null, JSON.convertValue(trial, Map.class))));
        if (done.isEmpty()) {
            checkpoints.write("search.json", toJson(Map.of("fingerprint", fingerprint, "result", result)));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("metric", result.metric());
        detail.put("trials", result.trials().size());
        detail.put("pruned", result.prunedTrials());
        detail.put("best_trial", result.best());
        detail.put("best_mean", result.bestTrial().mean());
        detail.put("best_params", result.bestTrial().params());
        detail.put("fits", result.fits());
        detail.put("wall_seconds", result.wallSeconds());
        detail.put("resumed_from_checkpoint", done.isPresent());
        events.emit("search_complete", ctx, null, detail);
        return result;
    }

    /** The model that ships: fit on every row (newest data included), or read back from a finished attempt. */
    private static FittedModel finalModel(ModelKind kind, FoldTraining training, KindParams params, Dataset dataset,
                                          CheckpointStore checkpoints, String fingerprint, FittedModel parent) {
        Optional<String> marker = checkpoints.read("final.json");
        Optional<String> text = checkpoints.read("final.model.txt");
        if (marker.isPresent() && text.isPresent() && marker.get().contains(fingerprint)) {
            return kind.load(text.get());
        }
        FittedModel model = training.fitFinal(dataset.all(), dataset.rows(dataset.rowCount(), dataset.rowCount()),
                params, parent);
        checkpoints.write("final.model.txt", model.modelText());
        checkpoints.write("final.json", toJson(Map.of("fingerprint", fingerprint)));
        return model;
    }

    private static Optional<FoldTraining.Outcome> readCheckpoint(CheckpointStore store, int fold, String fingerprint) {
        return store.read("fold-" + fold + ".json").flatMap(text -> {
            try {
                var node = JSON.readTree(text);
                if (!fingerprint.equals(node.path("fingerprint").asText())) {
                    return Optional.empty(); // written for other data or params: retrain, never mix
                }
                return Optional.of(new FoldTraining.Outcome(JSON.treeToValue(node.get("result"), FoldResult.class),
                        JSON.treeToValue(node.get("predictions"), FoldPredictions.class),
                        node.hasNonNull("model") ? node.get("model").asText() : null, null));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return Optional.empty(); // a torn write from the interrupted attempt: retrain this fold
            }
        });
    }

    /**
     * Identifies what a checkpoint is valid for: the same spec, params, harness options, data, folds and seed. The
     * data is the whole table's summary, so every machine of a distributed training computes the same fingerprint.
     */
    static String fingerprint(ModelSpec spec, KindParams params, HarnessOptions harness,
                              TrainedArtifact.DataSummary data, TrainOptions options) {
        String identity = spec.id() + "|" + spec.kind() + "|" + params.asMap() + "|" + harness.describe() + "|"
                + data.source() + "|" + data.rows() + "|" + data.features() + "|" + data.fromEpochSecond()
                + "|" + data.toEpochSecond() + "|" + options.folds() + "|" + options.seed();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> foldDetail(FoldTraining.Outcome outcome, boolean resumed) {
        FoldResult r = outcome.result();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("train_rows", r.trainRows());
        d.put("validation", r.validation().asMap());
        d.put("test", r.test().asMap());
        d.put("resumed_from_checkpoint", resumed);
        if (outcome.seconds() != null) {
            d.put("seconds", outcome.seconds().asMap());
        }
        return d;
    }

    private static OutOfFoldPredictions outOfFold(TrainedArtifact.DataSummary data, List<FoldPredictions> folds) {
        return new OutOfFoldPredictions(data.source(), data.rows(), data.positives(), data.fromEpochSecond(),
                data.toEpochSecond(), folds);
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
