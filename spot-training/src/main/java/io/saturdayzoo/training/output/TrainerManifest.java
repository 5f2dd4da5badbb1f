package io.saturdayzoo.training.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.training.run.TrainedArtifact;

import java.time.Instant;
import java.util.Map;

/**
 * runs/{executionId}/{specId}/manifest.json: core's {@link RunManifest} (unwrapped, so RegisterCandidates reads the
 * same file as a RunManifest; an ensemble's base versions are its lineage there) plus what a reader of a version
 * wants next to its weights: row counts, data window, folds, the decision threshold, the harness's options (class
 * balance, calibration, search), wall time and cost basis (instance type and how many machines trained together).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainerManifest(
        @JsonUnwrapped RunManifest run,
        @JsonProperty("decision_threshold") double decisionThreshold,
        @JsonProperty("rows") int rows,
        @JsonProperty("positives") int positives,
        @JsonProperty("features") int features,
        @JsonProperty("folds") int folds,
        @JsonProperty("data_from") Instant dataFrom,
        @JsonProperty("data_to") Instant dataTo,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("instance_type") String instanceType,
        @JsonProperty("harness") Map<String, Object> harness,
        @JsonProperty("nodes") int nodes) {

    public static TrainerManifest of(ModelSpec spec, TrainedArtifact a, RunContext run) {
        RunManifest registration = new RunManifest(run.executionId(), spec.id(), spec.label(), a.kind(), run.jobId(),
                run.codeCommit(), run.imageDigest(), a.params(), spec.dataset(), a.evaluation().aggregate(),
                a.startedAt(), a.completedAt(), run.costUsd(a.wallSeconds()),
                a.harness().baseVersions().isEmpty() ? null : a.harness().baseVersions(), run.parentVersion(),
                a.harness().warmStart(), run.caller(), run.allocationId());
        return new TrainerManifest(registration, a.evaluation().decisionThreshold(), a.data().rows(),
                a.data().positives(), a.data().features().size(), a.evaluation().folds().size(),
                Instant.ofEpochSecond(a.data().fromEpochSecond()), Instant.ofEpochSecond(a.data().toEpochSecond()),
                a.wallSeconds(), run.instanceType(), a.harness().options(), run.nodes());
    }

    public RunManifest toRunManifest() {
        return run;
    }
}
