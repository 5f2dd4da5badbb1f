package io.saturdayzoo.core.rotation;

import io.saturdayzoo.core.attempts.SpecAttempts;
import io.saturdayzoo.core.catalog.ModelSpec;

import java.util.Optional;

/**
 * The quarantine rule: a spec whose last {@code after} attempts of its current catalog entry all failed is skipped
 * by rotation. A success resets the count; a changed entry (another {@code SpecFingerprint}) is a new spec whose
 * old failures do not count. Pure: the caller reads the attempts.
 */
public final class Quarantine {

    private Quarantine() {
    }

    /**
     * @param specHash the spec's current fingerprint
     * @param attempts its attempt summary, or null when it was never attempted
     * @param after    the catalog's {@code quarantine_after}
     * @return why the spec is quarantined ("quarantined: 3 failures, last: ..."), or empty when it may train
     */
    public static Optional<String> reason(ModelSpec spec, String specHash, SpecAttempts attempts, int after) {
        if (after < 1) {
            throw new IllegalArgumentException("quarantine_after must be an integer >= 1, got " + after);
        }
        if (attempts == null || !specHash.equals(attempts.specHash()) || attempts.consecutiveFailures() < after) {
            return Optional.empty();
        }
        return Optional.of("quarantined: " + attempts.consecutiveFailures() + " failures, last: " + attempts.lastError());
    }
}
