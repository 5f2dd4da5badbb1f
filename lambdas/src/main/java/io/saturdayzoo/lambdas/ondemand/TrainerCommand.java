package io.saturdayzoo.lambdas.ondemand;

import io.saturdayzoo.core.ledger.AllocationId;
import io.saturdayzoo.core.registry.ModelVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trainer container's command for one on-demand training: the spec, the chosen parent to warm-start from, the
 * dataset, each parameter override as its own {@code --set}, who asked and the ledger allocation. Built here
 * because its length varies with the overrides and Step Functions cannot build a list of variable length; the
 * Task passes it whole as ContainerOverrides.Command. Each value is one argv entry: no shell ever parses it.
 */
final class TrainerCommand {

    /** Batch substitutes this with the job parameter {@link AllocationId#JOB_PARAMETER} (set by the Task state). */
    static final String ALLOCATION_ID_REF = "Ref::" + AllocationId.JOB_PARAMETER;

    private TrainerCommand() {
    }

    static List<String> of(String executionId, TrainRequest request, Optional<ModelVersion> parent,
                           String datasetUri) {
        List<String> command = new ArrayList<>(List.of("train", "--spec", request.spec().id(),
                "--execution-id", executionId, "--dataset", datasetUri, "--caller", request.caller(),
                "--allocation-id", ALLOCATION_ID_REF));
        parent.ifPresent(p -> command.addAll(List.of("--parent", p.versionId())));
        for (Map.Entry<String, Object> override : request.params().entrySet()) {
            command.add("--set");
            command.add(override.getKey() + "=" + override.getValue());
        }
        return List.copyOf(command);
    }
}
