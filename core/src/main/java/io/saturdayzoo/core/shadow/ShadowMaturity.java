package io.saturdayzoo.core.shadow;

/**
 * The maturity rule the gate applies to the shadow track record: a candidate is judged on the weeks it shares with
 * the champion only once it has at least {@code minShadowWeeks} of them (the catalog's {@code min_shadow_weeks});
 * until then it waits, visibly, with {@link #waiting}.
 */
public record ShadowMaturity(int minShadowWeeks) {

    public ShadowMaturity {
        if (minShadowWeeks < 0) {
            throw new IllegalArgumentException("min_shadow_weeks must be an integer >= 0, got " + minShadowWeeks);
        }
    }

    public boolean mature(int sharedWeeks) {
        return sharedWeeks >= minShadowWeeks;
    }

    /** "waiting: 1 of 3 shadow weeks shared with churn#v2". */
    public String waiting(int sharedWeeks, String championVersionId) {
        return "waiting: " + sharedWeeks + " of " + minShadowWeeks + " shadow weeks shared with " + championVersionId;
    }
}
