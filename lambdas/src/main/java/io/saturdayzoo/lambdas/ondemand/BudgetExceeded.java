package io.saturdayzoo.lambdas.ondemand;

import io.saturdayzoo.lambdas.common.HandlerError;

/**
 * The ledger's refusal as the state machine's error "BudgetExceeded": the estimate is more than the period has
 * left (the message names both). Nothing was reserved and nothing launches.
 */
public final class BudgetExceeded extends HandlerError {

    public BudgetExceeded(io.saturdayzoo.core.ledger.BudgetExceeded refusal) {
        super(refusal.getMessage(), refusal);
    }
}
