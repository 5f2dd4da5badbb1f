package io.saturdayzoo.lambdas.registry;

import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.core.registry.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds and registers the runs an earlier execution trained but never registered: a run killed (or failed) after its
 * trainer wrote runs/{execution}/{spec}/manifest.json and before its RegisterCandidates. Registration is idempotent on
 * (execution, spec), so a run that was registered is found again and left alone, and a concurrent registrar of the
 * same run agrees on its version. The sweep reaches back as far as run outputs live: the bucket's runs/ expiry bounds
 * it, so a run older than that is gone and never registered late.
 */
final class OrphanRuns {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanRuns.class);

    private final ModelRegistry registry;

    OrphanRuns(ModelRegistry registry) {
        this.registry = registry;
    }

    /** A run found complete and unregistered: the version it now has, or why it could not be registered. */
    record Found(String executionId, String specId, ModelVersion version, String failure) {
    }

    /** Registers every complete run of another execution that has no registration yet. */
    List<Found> registerAll(String currentExecutionId) {
        List<Found> found = new ArrayList<>();
        for (StoredObject object : registry.artifacts().list(ArtifactStore.RUNS)) {
            String[] parts = object.key().substring(ArtifactStore.RUNS.length()).split("/");
            if (parts.length != 3 || !parts[2].equals(ArtifactStore.MANIFEST_FILE)
                    || parts[0].equals(currentExecutionId)) {
                continue; // not a manifest, or this execution's own (its registration step reports on those)
            }
            String executionId = parts[0];
            String specId = parts[1];
            if (registry.registration(executionId, specId).isPresent()) {
                continue;
            }
            try {
                RunManifest manifest = registry.artifacts().readRunManifest(executionId, specId).orElseThrow();
                if (!executionId.equals(manifest.executionId()) || !specId.equals(manifest.specId())) {
                    found.add(new Found(executionId, specId, null, "manifest at " + object.key() + " is for execution '"
                            + manifest.executionId() + "', spec '" + manifest.specId() + "'"));
                    continue;
                }
                ModelVersion version = registry.register(manifest.toRegistration());
                LOG.warn("registered {} from {}: its execution never registered it", version.versionId(), object.key());
                found.add(new Found(executionId, specId, version, null));
            } catch (RuntimeException e) {
                LOG.warn("run {} of execution {} left unregistered: {}", specId, executionId, e.getMessage());
                found.add(new Found(executionId, specId, null, e.getMessage()));
            }
        }
        return found;
    }

    static Map<String, Object> describe(Found f) {
        return f.version() != null
                ? Map.of("execution_id", f.executionId(), "spec_id", f.specId(), "version_id", f.version().versionId())
                : Map.of("execution_id", f.executionId(), "spec_id", f.specId(), "error", f.failure());
    }
}
