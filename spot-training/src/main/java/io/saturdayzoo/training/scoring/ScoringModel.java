package io.saturdayzoo.training.scoring;

import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.training.calibration.Calibrator;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.ensemble.EnsembleKinds;
import io.saturdayzoo.training.ensemble.FittedEnsemble;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.output.LastFoldFile;
import io.saturdayzoo.training.output.RunFiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A registered version as it scores rows: its model (or, for an ensemble, its combiner over its base versions'
 * scoring models) followed by its calibrator. Loaded from the version's artifacts (manifest.json for the kind,
 * model.txt, calibrator.json; a version without calibrator.json scores uncalibrated), so everything that scores
 * with a registered model (research, the backtest gate) gets exactly what training evaluated.
 */
public final class ScoringModel implements AutoCloseable {
    private final String versionId;
    private final String kind;
    private final Calibrator calibrator;
    private final FittedModel model;
    private final FittedEnsemble ensemble;
    private final List<ScoringModel> bases;

    private ScoringModel(String versionId, String kind, Calibrator calibrator, FittedModel model,
                         FittedEnsemble ensemble, List<ScoringModel> bases) {
        this.versionId = versionId;
        this.kind = kind;
        this.calibrator = calibrator;
        this.model = model;
        this.ensemble = ensemble;
        this.bases = List.copyOf(bases);
    }

    /** With the kinds on the class path. */
    public static ScoringModel load(ModelRegistry registry, ModelVersion version) {
        return load(registry, version, ModelKinds.discover(), EnsembleKinds.discover());
    }

    /**
     * @throws IllegalStateException naming the version and the missing or unreadable artifact
     */
    public static ScoringModel load(ModelRegistry registry, ModelVersion version, ModelKinds kinds,
                                    EnsembleKinds ensembles) {
        ArtifactStore store = registry.artifacts();
        String prefix = version.artifactPrefix();
        String kind = store.getJson(prefix + ArtifactStore.MANIFEST_FILE, RunManifest.class).map(RunManifest::kind)
                .orElseThrow(() -> missing(version, ArtifactStore.MANIFEST_FILE));
        String modelText = store.getBytes(prefix + ArtifactStore.MODEL_FILE)
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(() -> missing(version, ArtifactStore.MODEL_FILE));
        Calibrator calibrator = store.getJson(prefix + RunFiles.CALIBRATOR, Calibrator.class)
                .orElse(Calibrator.Identity.INSTANCE);
        if (version.baseVersions().isEmpty()) {
            FittedModel model = kinds.require(version.specId(), kind).load(modelText);
            return new ScoringModel(version.versionId(), kind, calibrator, model, null, List.of());
        }
        FittedEnsemble combiner = ensembles.require(version.specId(), kind).load(modelText);
        List<ScoringModel> bases = new ArrayList<>();
        try {
            for (String baseId : version.baseVersions()) {
                ModelVersion base = registry.version(baseId).orElseThrow(() -> new IllegalStateException("version "
                        + version.versionId() + " combines " + baseId + ", which is not in the registry"));
                if (!base.baseVersions().isEmpty()) {
                    throw new IllegalStateException("version " + version.versionId() + " combines " + baseId
                            + ", an ensemble itself; ensembles combine models only");
                }
                bases.add(load(registry, base, kinds, ensembles));
            }
        } catch (RuntimeException e) {
            bases.forEach(ScoringModel::close);
            throw e;
        }
        return new ScoringModel(version.versionId(), kind, calibrator, null, combiner, bases);
    }

    /**
     * The version as its last walk-forward fold scored: last_fold_model.txt through that fold's calibrator (what the
     * backtest gate judges a candidate by, on rows that fold never saw). Empty for a version without one (an
     * ensemble, or a version trained before the trainer kept it).
     */
    public static java.util.Optional<ScoringModel> loadLastFold(ModelRegistry registry, ModelVersion version,
                                                                ModelKinds kinds) {
        ArtifactStore store = registry.artifacts();
        String prefix = version.artifactPrefix();
        java.util.Optional<byte[]> text = store.getBytes(prefix + RunFiles.LAST_FOLD_MODEL);
        java.util.Optional<LastFoldFile> fold = store.getJson(prefix + RunFiles.LAST_FOLD, LastFoldFile.class);
        if (text.isEmpty() || fold.isEmpty() || !version.baseVersions().isEmpty()) {
            return java.util.Optional.empty();
        }
        String kind = store.getJson(prefix + ArtifactStore.MANIFEST_FILE, RunManifest.class).map(RunManifest::kind)
                .orElseThrow(() -> missing(version, ArtifactStore.MANIFEST_FILE));
        FittedModel model = kinds.require(version.specId(), kind).load(new String(text.get(), StandardCharsets.UTF_8));
        return java.util.Optional.of(new ScoringModel(version.versionId() + " (last fold " + fold.get().fold() + ")",
                kind, fold.get().calibrator(), model, null, List.of()));
    }

    private static IllegalStateException missing(ModelVersion version, String file) {
        return new IllegalStateException("version " + version.versionId() + " has no " + file + " under "
                + version.artifactPrefix());
    }

    /** Calibrated P(label = 1) for each row, in row order: what the version means by a score. */
    public double[] score(Rows rows) {
        return calibrator.apply(rawScores(rows));
    }

    /** Scores before this version's calibrator (for an ensemble: the combiner's output over calibrated bases). */
    public double[] rawScores(Rows rows) {
        if (model != null) {
            return model.predict(rows);
        }
        List<double[]> perBase = bases.stream().map(b -> b.score(rows)).toList();
        double[] out = new double[rows.count()];
        double[] row = new double[bases.size()];
        for (int i = 0; i < out.length; i++) {
            for (int b = 0; b < row.length; b++) {
                row[b] = perBase.get(b)[i];
            }
            out[i] = ensemble.combine(row);
        }
        return out;
    }

    /** Gain per feature for a model kind that has it; empty for an ensemble (its inputs are its bases). */
    public Map<String, Double> featureImportance(List<String> featureNames) {
        return model == null ? Map.of() : model.featureImportance(featureNames);
    }

    public String versionId() {
        return versionId;
    }

    public String kind() {
        return kind;
    }

    public Calibrator calibrator() {
        return calibrator;
    }

    /** The version ids an ensemble combines (empty for a model). */
    public List<String> baseVersions() {
        return bases.stream().map(ScoringModel::versionId).toList();
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
        bases.forEach(ScoringModel::close);
    }
}
