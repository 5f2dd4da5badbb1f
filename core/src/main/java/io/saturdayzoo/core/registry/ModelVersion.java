package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.catalog.DatasetRef;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One registered version of a label (registered model name), as stored in the registry.
 *
 * @param versionId       "{label}#v{n}"
 * @param parentVersionId the label's previous latest version when this one was registered; null for v1
 * @param trainedBy       id of the execution that trained it
 * @param artifactPrefix  S3 key prefix of its artifacts, "models/{label}/v{n}/"
 * @param lifecycleReason why it was rejected or retired; null otherwise
 */
public record ModelVersion(
        String label,
        String specId,
        int versionNumber,
        String versionId,
        String parentVersionId,
        Lifecycle lifecycle,
        String codeCommit,
        String imageDigest,
        Map<String, Object> params,
        DatasetRef datasetRef,
        Map<String, Double> metrics,
        Instant startedAt,
        Instant completedAt,
        String trainedBy,
        Double costEstimateUsd,
        String artifactPrefix,
        String lifecycleReason) {

    public ModelVersion {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** Without a lifecycle reason. */
    public ModelVersion(String label, String specId, int versionNumber, String versionId, String parentVersionId,
                        Lifecycle lifecycle, String codeCommit, String imageDigest, Map<String, Object> params,
                        DatasetRef datasetRef, Map<String, Double> metrics, Instant startedAt, Instant completedAt,
                        String trainedBy, Double costEstimateUsd, String artifactPrefix) {
        this(label, specId, versionNumber, versionId, parentVersionId, lifecycle, codeCommit, imageDigest, params,
                datasetRef, metrics, startedAt, completedAt, trainedBy, costEstimateUsd, artifactPrefix, null);
    }

    /** "{label}#v{n}": the id other records (parent links, champion pointer) use. */
    public static String versionId(String label, int versionNumber) {
        return label + "#v" + versionNumber;
    }
}
