package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.catalog.DatasetRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished training run asks the registry to record. Registration is idempotent on
 * (executionId, specId): registering the same pair again returns the version created the first time.
 *
 * @param metrics      holdout metrics (e.g. "auc"); must be non-empty and finite
 * @param baseVersions  an ensemble's lineage: the version ids it combines (empty for any other model)
 * @param parentVersion the version this run descends from when one was chosen (null: the label's latest)
 * @param origin        caller, cost allocation and warm start of an on-demand run ({@link RunOrigin#NONE} otherwise)
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
        Double costEstimateUsd,
        List<String> baseVersions,
        String parentVersion,
        RunOrigin origin) {

    public Registration {
        origin = origin == null ? RunOrigin.NONE : origin;
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        // LinkedHashMap, not Map.copyOf: keeps order and lets validation report a null value by name.
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        // ArrayList, not List.copyOf, for the same reason: a null entry is reported by position.
        baseVersions = baseVersions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(baseVersions));
    }

    /** A Saturday run: the label's latest is the parent, no caller or allocation. */
    public Registration(String executionId, String specId, String label, String codeCommit, String imageDigest,
                        Map<String, Object> params, DatasetRef datasetRef, Map<String, Double> metrics,
                        Instant startedAt, Instant completedAt, Double costEstimateUsd, List<String> baseVersions) {
        this(executionId, specId, label, codeCommit, imageDigest, params, datasetRef, metrics, startedAt, completedAt,
                costEstimateUsd, baseVersions, null, RunOrigin.NONE);
    }

    /** Not an ensemble. */
    public Registration(String executionId, String specId, String label, String codeCommit, String imageDigest,
                        Map<String, Object> params, DatasetRef datasetRef, Map<String, Double> metrics,
                        Instant startedAt, Instant completedAt, Double costEstimateUsd) {
        this(executionId, specId, label, codeCommit, imageDigest, params, datasetRef, metrics, startedAt, completedAt,
                costEstimateUsd, List.of());
    }
}
