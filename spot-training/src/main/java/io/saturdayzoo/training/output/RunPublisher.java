package io.saturdayzoo.training.output;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.training.run.TrainedArtifact;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a finished run to runs/{executionId}/{specId}/ (model.txt, calibrator.json, oof_predictions.json,
 * search.json when there was a search, evaluation.json, then manifest.json last, so a manifest means the run is
 * complete) and registers it as a candidate version. Safe to repeat: registration is
 * idempotent on (executionId, specId) and the objects are overwritten with the same content.
 */
public final class RunPublisher {
    private final ModelRegistry registry;

    public RunPublisher(ModelRegistry registry) {
        this.registry = registry;
    }

    public ModelVersion publish(ModelSpec spec, TrainedArtifact artifact, RunContext run) {
        ArtifactStore store = registry.artifacts();
        String prefix = ArtifactStore.runPrefix(run.executionId(), spec.id());
        store.putBytes(prefix + ArtifactStore.MODEL_FILE, artifact.modelText().getBytes(StandardCharsets.UTF_8),
                "text/plain");
        store.putJson(prefix + RunFiles.CALIBRATOR, artifact.harness().calibrator());
        store.putJson(prefix + RunFiles.OUT_OF_FOLD, artifact.harness().outOfFold());
        if (artifact.harness().search() != null) {
            store.putJson(prefix + RunFiles.SEARCH, artifact.harness().search());
        }
        store.putJson(prefix + ArtifactStore.EVALUATION_FILE, evaluationDocument(artifact));
        TrainerManifest manifest = TrainerManifest.of(spec, artifact, run, null);
        store.putJson(prefix + ArtifactStore.MANIFEST_FILE, manifest);
        ModelVersion version = registry.register(manifest.toRunManifest().toRegistration());
        // Record the allocated version id in the manifest too; registering again is a no-op that re-copies the
        // run's objects, so models/{label}/v{n}/manifest.json carries the id as well.
        store.putJson(prefix + ArtifactStore.MANIFEST_FILE, manifest.withVersionId(version.versionId()));
        return registry.register(manifest.toRunManifest().toRegistration());
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
