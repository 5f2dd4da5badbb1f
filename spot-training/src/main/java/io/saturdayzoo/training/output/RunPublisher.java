package io.saturdayzoo.training.output;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.training.run.TrainedArtifact;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a finished run to runs/{executionId}/{specId}/: model.txt, calibrator.json, oof_predictions.json,
 * search.json when there was a search, last_fold_model.txt and last_fold.json for a model (not an ensemble), evaluation.json, then manifest.json last, so a manifest means the run is
 * complete. Registering the run is not the trainer's job: RegisterCandidates registers it from the manifest, and the
 * trainer's role may write nothing but runs/ and checkpoints/. Safe to repeat (a Spot retry): the objects are
 * written again with the same content.
 */
public final class RunPublisher {
    private final ArtifactStore store;

    public RunPublisher(ArtifactStore store) {
        this.store = store;
    }

    public TrainerManifest publish(ModelSpec spec, TrainedArtifact artifact, RunContext run) {
        String prefix = ArtifactStore.runPrefix(run.executionId(), spec.id());
        store.putBytes(prefix + ArtifactStore.MODEL_FILE, artifact.modelText().getBytes(StandardCharsets.UTF_8),
                "text/plain");
        store.putJson(prefix + RunFiles.CALIBRATOR, artifact.harness().calibrator());
        store.putJson(prefix + RunFiles.OUT_OF_FOLD, artifact.harness().outOfFold());
        if (artifact.harness().search() != null) {
            store.putJson(prefix + RunFiles.SEARCH, artifact.harness().search());
        }
        TrainedArtifact.LastFold lastFold = artifact.harness().lastFold();
        if (lastFold != null) {
            store.putBytes(prefix + RunFiles.LAST_FOLD_MODEL, lastFold.modelText().getBytes(StandardCharsets.UTF_8),
                    "text/plain");
            store.putJson(prefix + RunFiles.LAST_FOLD, new LastFoldFile(lastFold.result().fold(),
                    lastFold.sawThrough(), lastFold.result().trainTo(), lastFold.calibrator()));
        }
        store.putJson(prefix + ArtifactStore.EVALUATION_FILE, evaluationDocument(artifact));
        TrainerManifest manifest = TrainerManifest.of(spec, artifact, run);
        store.putJson(prefix + ArtifactStore.MANIFEST_FILE, manifest);
        return manifest;
    }

    /** evaluation.json: folds, aggregate, threshold, the data window and feature importance (research reads it). */
    public static Map<String, Object> evaluationDocument(TrainedArtifact a) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("spec_id", a.specId());
        doc.put("kind", a.kind());
        doc.put("folds", a.evaluation().folds());
        doc.put("aggregate", a.evaluation().aggregate());
        doc.put("decision_threshold", a.evaluation().decisionThreshold());
        doc.put("data", a.data());
        doc.put("feature_importance_gain", a.featureImportance());
        doc.put("harness", a.harness().options());
        return doc;
    }
}
