package io.saturdayzoo.lambdas.registry;

import io.saturdayzoo.core.json.OperationField;
import io.saturdayzoo.core.registry.RegistryOperations;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.core.registry.RegistrationPages;
import io.saturdayzoo.lambdas.common.PayloadValues;
import io.saturdayzoo.lambdas.ondemand.LedgerAnswer;

import java.util.List;
import java.util.Map;

/**
 * The Registry function's payload: one record per operation, chosen by the payload's "operation" field. Each names
 * the record it is answered with as its type argument. Unknown fields fail: the definition writes these payloads.
 *
 * @param <A> the operation's answer
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = OperationField.NAME)
@JsonSubTypes({
        @JsonSubTypes.Type(value = RegistryRequest.Register.class, name = RegistryOperations.REGISTER),
        @JsonSubTypes.Type(value = RegistryRequest.Promote.class, name = RegistryOperations.PROMOTE),
        @JsonSubTypes.Type(value = RegistryRequest.ListCandidates.class, name = RegistryOperations.LIST_CANDIDATES),
        @JsonSubTypes.Type(value = RegistryRequest.RegisterCandidates.class,
                name = RegistryOperations.REGISTER_CANDIDATES)})
public sealed interface RegistryRequest<A> {

    /** One version by its run: {"execution_id", "spec_id"} (manifest read from the bucket) or {"manifest": {...}}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Register(
            @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId,
            @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String specId,
            Map<String, Object> manifest) implements RegistryRequest<RegistryAnswer.Registered> {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Promote(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String label,
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.PositiveInt.class) Integer version,
            @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId)
            implements RegistryRequest<RegistryAnswer.Promoted> {
    }

    /** @param executionId the candidates one execution registered; null: every label's */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ListCandidates(@JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId)
            implements RegistryRequest<RegistryAnswer.Candidates> {
    }

    /**
     * One execution's training results (RegisterCandidates, RegisterEnsembles).
     *
     * @param cursor the first result this call registers, a page at a time ({@link CandidatePages}); null: all
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RegisterCandidates(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String executionId,
            @JsonSetter(nulls = Nulls.FAIL) List<TrainingResult> results,
            @JsonProperty(RegistrationPages.CURSOR) Integer cursor)
            implements RegistryRequest<RegistryAnswer.CandidatesRegistered> {
    }

    /**
     * One spec's outcome in the training Map.
     *
     * @param error the Map state's caught error ({"Error", "Cause"}) or a line; absent when it trained
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TrainingResult(
            @JsonSetter(nulls = Nulls.FAIL) @JsonDeserialize(using = PayloadValues.NonEmptyText.class) String specId,
            @JsonSetter(nulls = Nulls.FAIL) Status status,
            Object error,
            // a Saturday spec's ledger entries (empty objects when its reservation or settlement did not happen)
            LedgerAnswer.SpecReserved allocation,
            LedgerAnswer.Settled settlement) {

        public enum Status { OK, FAILED }
    }
}
