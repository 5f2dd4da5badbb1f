package io.saturdayzoo.core.ledger;

/**
 * The TrainingLedger function's operations as its payload's {@link io.saturdayzoo.core.json.OperationField} names
 * them: written by the state machine definitions (infra), read by the handler (lambdas); both import them from here.
 */
public final class LedgerOperations {
    public static final String RESERVE = "reserve";
    public static final String RESERVE_SPEC = "reserve_spec";
    public static final String SETTLE = "settle";
    public static final String RELEASE = "release";
    public static final String RECORD = "record";

    private LedgerOperations() {
    }
}
