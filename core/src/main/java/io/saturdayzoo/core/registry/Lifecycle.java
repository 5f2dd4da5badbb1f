package io.saturdayzoo.core.registry;

/**
 * Where a registered version stands. A version is born CANDIDATE; the eval gate makes it CHAMPION, REJECTED,
 * SUPERSEDED (a newer candidate of its label replaced it before it was judged) or PENDING_APPROVAL (its spec asks a
 * person to approve); a person moves PENDING_APPROVAL on to CHAMPION or REJECTED. A champion that is replaced
 * becomes RETIRED (its artifacts stay loadable, it is simply no longer served); a rollback brings the newest RETIRED
 * champion back and marks the one it replaces ROLLED_BACK, so a second rollback goes further back instead of
 * flipping between the two. {@link LifecycleChanges} owns which moves are allowed.
 */
public enum Lifecycle {
    CANDIDATE, CHAMPION, REJECTED, RETIRED, SUPERSEDED, PENDING_APPROVAL, ROLLED_BACK;

    /** Still waiting for a decision (the gate's or a person's). */
    public boolean pending() {
        return this == CANDIDATE || this == PENDING_APPROVAL;
    }
}
