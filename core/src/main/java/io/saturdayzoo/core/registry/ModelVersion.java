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

    /** A version built field by field; fields left unset are null (collections: empty). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this version, to change some of them. */
    public Builder toBuilder() {
        return new Builder().label(label).specId(specId).versionNumber(versionNumber).versionId(versionId)
                .parentVersionId(parentVersionId).lifecycle(lifecycle).codeCommit(codeCommit).imageDigest(imageDigest)
                .params(params).datasetRef(datasetRef).metrics(metrics).startedAt(startedAt).completedAt(completedAt)
                .trainedBy(trainedBy).costEstimateUsd(costEstimateUsd).artifactPrefix(artifactPrefix)
                .lifecycleReason(lifecycleReason).baseVersions(baseVersions).gate(gate).origin(origin);
    }

    /** This version moved to another lifecycle, with the reason (and the gate's record, when not null). */
    public ModelVersion withLifecycle(Lifecycle to, String reason, Map<String, Object> gateRecord) {
        return toBuilder().lifecycle(to).lifecycleReason(reason).gate(gateRecord == null ? gate : gateRecord).build();
    }

    /** This version moved to another lifecycle, keeping the gate's record. */
    public ModelVersion withLifecycle(Lifecycle to, String reason) {
        return withLifecycle(to, reason, null);
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

    /** Builds a {@link ModelVersion}; adding a field to the record adds a setter here, not an argument everywhere. */
    public static final class Builder {
        private String label;
        private String specId;
        private int versionNumber;
        private String versionId;
        private String parentVersionId;
        private Lifecycle lifecycle;
        private String codeCommit;
        private String imageDigest;
        private Map<String, Object> params;
        private DatasetRef datasetRef;
        private Map<String, Double> metrics;
        private Instant startedAt;
        private Instant completedAt;
        private String trainedBy;
        private Double costEstimateUsd;
        private String artifactPrefix;
        private String lifecycleReason;
        private List<String> baseVersions;
        private Map<String, Object> gate;
        private RunOrigin origin;

        private Builder() {
        }

        public Builder label(String value) {
            label = value;
            return this;
        }

        public Builder specId(String value) {
            specId = value;
            return this;
        }

        public Builder versionNumber(int value) {
            versionNumber = value;
            return this;
        }

        public Builder versionId(String value) {
            versionId = value;
            return this;
        }

        public Builder parentVersionId(String value) {
            parentVersionId = value;
            return this;
        }

        public Builder lifecycle(Lifecycle value) {
            lifecycle = value;
            return this;
        }

        public Builder codeCommit(String value) {
            codeCommit = value;
            return this;
        }

        public Builder imageDigest(String value) {
            imageDigest = value;
            return this;
        }

        public Builder params(Map<String, Object> value) {
            params = value;
            return this;
        }

        public Builder datasetRef(DatasetRef value) {
            datasetRef = value;
            return this;
        }

        public Builder metrics(Map<String, Double> value) {
            metrics = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder completedAt(Instant value) {
            completedAt = value;
            return this;
        }

        public Builder trainedBy(String value) {
            trainedBy = value;
            return this;
        }

        public Builder costEstimateUsd(Double value) {
            costEstimateUsd = value;
            return this;
        }

        public Builder artifactPrefix(String value) {
            artifactPrefix = value;
            return this;
        }

        public Builder lifecycleReason(String value) {
            lifecycleReason = value;
            return this;
        }

        public Builder baseVersions(List<String> value) {
            baseVersions = value;
            return this;
        }

        public Builder gate(Map<String, Object> value) {
            gate = value;
            return this;
        }

        public Builder origin(RunOrigin value) {
            origin = value;
            return this;
        }

        public ModelVersion build() {
            return new ModelVersion(label, specId, versionNumber, versionId, parentVersionId, lifecycle, codeCommit,
                    imageDigest, params, datasetRef, metrics, startedAt, completedAt, trainedBy, costEstimateUsd,
                    artifactPrefix, lifecycleReason, baseVersions, gate, origin);
        }
    }
}
