package io.saturdayzoo.core.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One reservation of the ledger and how it ended.
 *
 * @param settledUsd what the job really cost (SETTLED only)
 * @param reason     why it was released (RELEASED only)
 */
public record Allocation(String id, String period, State state, String caller, String specId, String executionId,
                         BigDecimal estimatedUsd, BigDecimal settledUsd, Instant reservedAt, Instant closedAt,
                         String reason) {

    public enum State {
        /** Held against the budget while the job may run. */
        RESERVED,
        /** The job ended and its real cost is booked. */
        SETTLED,
        /** The job never ran to the end (failed, timed out, aborted): the reservation is given back. */
        RELEASED
    }
}
