package io.saturdayzoo.core.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.catalog.DatasetRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * runs/{executionId}/{specId}/manifest.json: what the trainer writes next to model.txt and evaluation.json, and
 * what RegisterCandidates reads to register a run the trainer did not register itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("spec_id") String specId,
        @JsonProperty("label") String label,
        @JsonProperty("kind") String kind,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("code_commit") String codeCommit,
        @JsonProperty("image_digest") String imageDigest,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("dataset") DatasetRef dataset,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("cost_estimate_usd") Double costEstimateUsd,
        @JsonProperty(BASE_VERSIONS) @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> baseVersions,
        @JsonProperty(PARENT_VERSION) String parentVersion,
        @JsonProperty(RunOrigin.WARM_START) WarmStart warmStart,
        @JsonProperty(RunOrigin.CALLER) String caller,
        @JsonProperty(RunOrigin.ALLOCATION_ID) String allocationId) {

    /** An ensemble's lineage: the version ids of the bases it combines (absent for any other model). */
    public static final String BASE_VERSIONS = "base_versions";
    /** The version an on-demand run was asked to descend from; absent: the label's latest when registered. */
    public static final String PARENT_VERSION = "parent_version";

    /** A Saturday run: no chosen parent, caller or allocation. */
    public RunManifest(String executionId, String specId, String label, String kind, String jobId, String codeCommit,
                       String imageDigest, Map<String, Object> params, DatasetRef dataset, Map<String, Double> metrics,
                       Instant startedAt, Instant completedAt, Double costEstimateUsd, List<String> baseVersions) {
        this(executionId, specId, label, kind, jobId, codeCommit, imageDigest, params, dataset, metrics, startedAt,
                completedAt, costEstimateUsd, baseVersions, null, null, null, null);
    }

    /** Not an ensemble. */
    public RunManifest(String executionId, String specId, String label, String kind, String jobId, String codeCommit,
                       String imageDigest, Map<String, Object> params, DatasetRef dataset, Map<String, Double> metrics,
                       Instant startedAt, Instant completedAt, Double costEstimateUsd) {
        this(executionId, specId, label, kind, jobId, codeCommit, imageDigest, params, dataset, metrics, startedAt,
                completedAt, costEstimateUsd, null);
    }

    public Registration toRegistration() {
        return new Registration(executionId, specId, label, codeCommit, imageDigest, params, dataset, metrics,
                startedAt, completedAt, costEstimateUsd, baseVersions, parentVersion,
                new RunOrigin(caller, allocationId, warmStart));
    }
}
