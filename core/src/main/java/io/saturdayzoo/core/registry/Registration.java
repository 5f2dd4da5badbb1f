package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.catalog.DatasetRef;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished training run asks the registry to record. Registration is idempotent on
 * (executionId, specId): registering the same pair again returns the version created the first time.
 *
 * @param metrics holdout metrics (e.g. "auc"); must be non-empty and finite
 */
public record Registration(
        String executionId,
        String specId,
        String label,
        String codeCommit,
        String imageDigest,
        Map<String, Object> params,
        DatasetRef datasetRef,
        Map<String, Double> metrics,
        Instant startedAt,
        Instant completedAt,
        Double costEstimateUsd) {

    public Registration {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        // LinkedHashMap, not Map.copyOf: keeps order and lets validation report a null value by name.
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
