package io.saturdayzoo.lambdas.ondemand;

import io.saturdayzoo.core.json.OperationField;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.core.ledger.LedgerAudit;
import io.saturdayzoo.core.ledger.LedgerOperations;
import io.saturdayzoo.lambdas.common.PayloadValues;
import io.saturdayzoo.lambdas.registry.RegistryAnswer;
import io.saturdayzoo.lambdas.rotation.RotationChoice;

/**
 * The TrainingLedger function's payload: one record per operation, chosen by "operation"; each names the record it
 * is answered with as its type argument. Unknown fields fail, except in Batch's job summary.
 *
 * @param <A> the operation's answer
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = OperationField.NAME)
@JsonSubTypes({
        @JsonSubTypes.Type(value = LedgerRequest.Reserve.class, name = LedgerOperations.RESERVE),
        @JsonSubTypes.Type(value = LedgerRequest.ReserveSpec.class, name = LedgerOperations.RESERVE_SPEC),
        @JsonSubTypes.Type(value = LedgerRequest.Settle.class, name = LedgerOperations.SETTLE),
        @JsonSubTypes.Type(value = LedgerRequest.Release.class, name = LedgerOperations.RELEASE),
        @JsonSubTypes.Type(value = LedgerRequest.Record.class, name = LedgerOperations.RECORD)})
public sealed interface LedgerRequest<A> {

    /** Holds the plan's estimate against the period's budget. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Reserve(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId,
            @JsonSetter(nulls = Nulls.FAIL) TrainingPlan plan) implements LedgerRequest<LedgerAnswer.Reserved> {
    }

    /**
     * Saturday's reservation for one rotation item: the spec's estimate at the size its job really runs at (the
     * trainer job definition's {@code job_size}; a multi-node spec's nodes at its own or the stack's
     * {@code node_size}), once per execution and spec.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReserveSpec(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId,
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String caller,
            @JsonSetter(nulls = Nulls.FAIL) RotationChoice.Item spec,
            @JsonSetter(nulls = Nulls.FAIL) JobSize jobSize,
            Size nodeSize) implements LedgerRequest<LedgerAnswer.SpecReserved> {
    }

    /** The trainer job definition's size and attempt timeout (the most a job can run). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JobSize(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.PositiveInt.class) Integer vcpus,
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.PositiveInt.class) Integer memoryGib,
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.PositiveInt.class)
            Integer wallTimeCapMinutes) {
    }

    /** One node's size. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Size(
            @JsonDeserialize(using = PayloadValues.PositiveInt.class) Integer vcpus,
            @JsonDeserialize(using = PayloadValues.PositiveInt.class) Integer memoryGib) {
    }

    /** Books the job's real cost, priced on the plan's resources over the job's run time. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Settle(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String allocationId,
            @JsonSetter(nulls = Nulls.FAIL) TrainingPlan plan,
            @JsonSetter(nulls = Nulls.FAIL) Job job) implements LedgerRequest<LedgerAnswer.Settled> {
    }

    /** Gives the reservation back; the reason defaults to "the training failed". */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Release(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String allocationId,
            @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String reason)
            implements LedgerRequest<LedgerAnswer.Released> {
    }

    /**
     * The request's audit row: what the execution's states left at $.plan, $.allocation, $.settlement and
     * $.registered (each an empty object when its state did not run) and the failure, if any.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Record(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId,
            @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionArn,
            @JsonSetter(nulls = Nulls.FAIL) LedgerAudit.Outcome outcome,
            JsonNode input,
            TrainingPlan plan,
            LedgerAnswer.Reserved allocation,
            LedgerAnswer.Settled settlement,
            RegistryAnswer.Registered registered,
            Object error) implements LedgerRequest<LedgerAnswer.Recorded> {
    }

    /**
     * The training job as TrainVersion's ResultSelector keeps it: Batch's id, status and epoch milliseconds.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Job(String jobId, String status, Long startedAt, Long stoppedAt) {
    }
}
