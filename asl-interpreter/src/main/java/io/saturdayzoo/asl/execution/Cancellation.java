package io.saturdayzoo.asl.execution;

/**
 * A cancellation flag scoped to one Parallel's branches or one Map's iterations. A scope is cancelled when it is
 * cancelled itself or when any enclosing scope is, so cancelling a Parallel also stops the Maps nested in it.
 */
final class Cancellation {
    private final Cancellation parent;
    private volatile boolean cancelled;

    private Cancellation(Cancellation parent) {
        this.parent = parent;
    }

    static Cancellation root() {
        return new Cancellation(null);
    }

    Cancellation child() {
        return new Cancellation(this);
    }

    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled || (parent != null && parent.isCancelled());
    }
}
