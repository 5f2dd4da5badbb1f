package io.saturdayzoo.core.ledger;

import java.math.BigDecimal;

/** A reservation the period's remaining budget cannot cover; nothing was reserved and nothing may launch. */
public final class BudgetExceeded extends RuntimeException {

    /** The error name a state machine's Catch and a caller see. */
    public static final String ERROR = "BudgetExceeded";

    private final String period;
    private final BigDecimal remainingUsd;
    private final BigDecimal requestedUsd;

    public BudgetExceeded(String period, BigDecimal remainingUsd, BigDecimal requestedUsd) {
        super("period " + period + ": the estimate of " + requestedUsd.toPlainString()
                + " USD exceeds the remaining budget of " + remainingUsd.toPlainString() + " USD");
        this.period = period;
        this.remainingUsd = remainingUsd;
        this.requestedUsd = requestedUsd;
    }

    public String period() {
        return period;
    }

    public BigDecimal remainingUsd() {
        return remainingUsd;
    }

    public BigDecimal requestedUsd() {
        return requestedUsd;
    }
}
