package io.saturdayzoo.training.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.training.run.TrainedArtifact;

import java.time.Instant;
import java.util.Map;

/**
 * runs/{executionId}/{specId}/manifest.json. A superset of core's {@link RunManifest} (same field names, so
 * RegisterCandidates reads it as one) plus what a reader of a version wants next to its weights: row counts, data
 * window, folds, the decision threshold, wall time and cost basis, and the version id once registered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainerManifest(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("spec_id") String specId,
        @JsonProperty("label") String label,
        @JsonProperty("kind") String kind,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("version_id") String versionId,
        @JsonProperty("code_commit") String codeCommit,
        @JsonProperty("image_digest") String imageDigest,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("dataset") DatasetRef dataset,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("decision_threshold") double decisionThreshold,
        @JsonProperty("rows") int rows,
        @JsonProperty("positives") int positives,
        @JsonProperty("features") int features,
        @JsonProperty("folds") int folds,
        @JsonProperty("data_from") Instant dataFrom,
        @JsonProperty("data_to") Instant dataTo,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("instance_type") String instanceType,
        @JsonProperty("cost_estimate_usd") Double costEstimateUsd) {

    public static TrainerManifest of(ModelSpec spec, TrainedArtifact a, RunContext run, String versionId) {
        return new TrainerManifest(run.executionId(), spec.id(), spec.label(), a.kind(), run.jobId(), versionId,
                run.codeCommit(), run.imageDigest(), a.params(), spec.dataset(), a.evaluation().aggregate(),
                a.evaluation().decisionThreshold(), a.data().rows(), a.data().positives(), a.data().features().size(),
                a.evaluation().folds().size(), Instant.ofEpochSecond(a.data().fromEpochSecond()),
                Instant.ofEpochSecond(a.data().toEpochSecond()), a.startedAt(), a.completedAt(), a.wallSeconds(),
                run.instanceType(), run.costUsd(a.wallSeconds()));
    }

    public RunManifest toRunManifest() {
        return new RunManifest(executionId, specId, label, kind, jobId, codeCommit, imageDigest, params, dataset,
                metrics, startedAt, completedAt, costEstimateUsd);
    }

    public TrainerManifest withVersionId(String id) {
        return new TrainerManifest(executionId, specId, label, kind, jobId, id, codeCommit, imageDigest, params,
                dataset, metrics, decisionThreshold, rows, positives, features, folds, dataFrom, dataTo, startedAt,
                completedAt, wallSeconds, instanceType, costEstimateUsd);
    }
}
