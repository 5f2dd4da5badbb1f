package io.saturdayzoo.core.json;

/**
 * The payload field that chooses the operation of a function that has several (Registry, TrainingLedger): the
 * state machine definitions (infra) write it, the handlers' payload records (lambdas) are chosen by it. Each
 * function's operation names live beside its feature ({@code registry.RegistryOperations},
 * {@code ledger.LedgerOperations}); the field is theirs in common.
 */
public final class OperationField {
    public static final String NAME = "operation";

    private OperationField() {
    }
}
