package io.saturdayzoo.lambdas.ondemand;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The TrainingLedger function's answers, one per operation ({@link LedgerRequest}). */
public sealed interface LedgerAnswer {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Reserved(String allocationId, String estimatedUsd) implements LedgerAnswer {
    }

    /** A Saturday spec's reservation, with the size its settlement prices the job at. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SpecReserved(String allocationId, String estimatedUsd, Integer vcpus, Integer memoryGib) implements LedgerAnswer {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Settled(String allocationId, String state, String settledUsd) implements LedgerAnswer {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Released(String allocationId, String state) implements LedgerAnswer {
    }

    /** What the caller gets back: the execution's output, and the audit row's outputs. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Recorded(
            String versionId,
            String parentVersion,
            Object metrics,
            String caller,
            boolean dryRun,
            String allocationId,
            String estimatedUsd,
            String settledUsd,
            String consoleLink,
            @JsonInclude(JsonInclude.Include.NON_NULL) Object error) implements LedgerAnswer {
    }
}
