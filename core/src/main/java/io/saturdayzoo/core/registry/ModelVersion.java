package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.catalog.DatasetRef;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One registered version of a label (registered model name), as stored in the registry.
 *
 * @param versionId       "{label}#v{n}"
 * @param parentVersionId the version its run was asked to descend from, else the label's previous latest version
 *                        when this one was registered; null for v1
 * @param trainedBy       id of the execution that trained it
 * @param artifactPrefix  S3 key prefix of its artifacts, "models/{label}/v{n}/"
 * @param lifecycleReason why it was rejected or retired; null otherwise
 * @param baseVersions    lineage of an ensemble: the version ids of the base models it combines (empty otherwise)
 * @param gate            what the eval gate recorded when it judged this version (backtest window, rows, both
 *                        versions' metrics, verdict, reason); empty until then
 * @param origin          caller, cost allocation and warm start of an on-demand run ({@link RunOrigin#NONE} for a
 *                        Saturday run)
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
        String lifecycleReason,
        List<String> baseVersions,
        Map<String, Object> gate,
        RunOrigin origin) {

    private static final Pattern VERSION_ID = Pattern.compile("(.+)#v([1-9][0-9]{0,9})");

    public ModelVersion {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        baseVersions = baseVersions == null ? List.of() : List.copyOf(baseVersions);
        gate = gate == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(gate));
        origin = origin == null ? RunOrigin.NONE : origin;
    }

    /** Registered by a Saturday run. */
    public ModelVersion(String label, String specId, int versionNumber, String versionId, String parentVersionId,
                        Lifecycle lifecycle, String codeCommit, String imageDigest, Map<String, Object> params,
                        DatasetRef datasetRef, Map<String, Double> metrics, Instant startedAt, Instant completedAt,
                        String trainedBy, Double costEstimateUsd, String artifactPrefix, String lifecycleReason,
                        List<String> baseVersions, Map<String, Object> gate) {
        this(label, specId, versionNumber, versionId, parentVersionId, lifecycle, codeCommit, imageDigest, params,
                datasetRef, metrics, startedAt, completedAt, trainedBy, costEstimateUsd, artifactPrefix,
                lifecycleReason, baseVersions, gate, RunOrigin.NONE);
    }

    /** Not judged by the gate yet. */
    public ModelVersion(String label, String specId, int versionNumber, String versionId, String parentVersionId,
                        Lifecycle lifecycle, String codeCommit, String imageDigest, Map<String, Object> params,
                        DatasetRef datasetRef, Map<String, Double> metrics, Instant startedAt, Instant completedAt,
                        String trainedBy, Double costEstimateUsd, String artifactPrefix, String lifecycleReason,
                        List<String> baseVersions) {
        this(label, specId, versionNumber, versionId, parentVersionId, lifecycle, codeCommit, imageDigest, params,
                datasetRef, metrics, startedAt, completedAt, trainedBy, costEstimateUsd, artifactPrefix,
                lifecycleReason, baseVersions, Map.of());
    }

    /** Not an ensemble. */
    public ModelVersion(String label, String specId, int versionNumber, String versionId, String parentVersionId,
                        Lifecycle lifecycle, String codeCommit, String imageDigest, Map<String, Object> params,
                        DatasetRef datasetRef, Map<String, Double> metrics, Instant startedAt, Instant completedAt,
                        String trainedBy, Double costEstimateUsd, String artifactPrefix, String lifecycleReason) {
        this(label, specId, versionNumber, versionId, parentVersionId, lifecycle, codeCommit, imageDigest, params,
                datasetRef, metrics, startedAt, completedAt, trainedBy, costEstimateUsd, artifactPrefix,
                lifecycleReason, List.of());
    }

    /** Without a lifecycle reason. */
    public ModelVersion(String label, String specId, int versionNumber, String versionId, String parentVersionId,
                        Lifecycle lifecycle, String codeCommit, String imageDigest, Map<String, Object> params,
                        DatasetRef datasetRef, Map<String, Double> metrics, Instant startedAt, Instant completedAt,
                        String trainedBy, Double costEstimateUsd, String artifactPrefix) {
        this(label, specId, versionNumber, versionId, parentVersionId, lifecycle, codeCommit, imageDigest, params,
                datasetRef, metrics, startedAt, completedAt, trainedBy, costEstimateUsd, artifactPrefix, null);
    }

    /** "{label}#v{n}": the id other records (parent links, champion pointer, ensemble lineage) use. */
    public static String versionId(String label, int versionNumber) {
        return label + "#v" + versionNumber;
    }

    /** A version id taken apart: the label and the number. */
    public record Ref(String label, int number) {
        /** @throws IllegalArgumentException when the text is not "{label}#v{n}" */
        public static Ref parse(String versionId) {
            Matcher m = versionId == null ? null : VERSION_ID.matcher(versionId);
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException("expected a version id like churn#v3, got '" + versionId + "'");
            }
            return new Ref(m.group(1), Integer.parseInt(m.group(2)));
        }
    }
}
