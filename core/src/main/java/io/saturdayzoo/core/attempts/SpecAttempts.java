package io.saturdayzoo.core.attempts;

import java.time.Instant;

/**
 * The attempt summary of one spec: how its recent Saturdays went, as one item per spec (so rotation batch-reads
 * O(specs) items and never scans a history).
 *
 * @param consecutiveFailures failed attempts since the last success (or since the spec's entry last changed)
 * @param lastError           the newest failure's error, null after a success
 * @param lastExecution       the execution that recorded the newest attempt (an attempt counts once per execution)
 * @param lastOutcome         outcome of the newest attempt
 * @param specHash            {@link SpecFingerprint} of the entry those attempts trained
 * @param updatedAt           when the newest attempt was recorded
 */
public record SpecAttempts(String specId, int consecutiveFailures, String lastError, String lastExecution,
                           Outcome lastOutcome, String specHash, Instant updatedAt) {

    public enum Outcome { OK, FAILED }

    /** The summary after one more attempt of {@code specHash} in {@code executionId}. */
    SpecAttempts next(String executionId, String hash, Outcome outcome, String error, Instant now) {
        int carried = hash.equals(specHash) ? consecutiveFailures : 0; // a changed entry starts afresh
        return outcome == Outcome.OK
                ? new SpecAttempts(specId, 0, null, executionId, outcome, hash, now)
                : new SpecAttempts(specId, carried + 1, error, executionId, outcome, hash, now);
    }

    static SpecAttempts none(String specId) {
        return new SpecAttempts(specId, 0, null, null, null, null, null);
    }
}
