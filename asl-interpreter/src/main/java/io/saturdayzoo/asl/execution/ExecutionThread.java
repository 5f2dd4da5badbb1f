package io.saturdayzoo.asl.execution;

import java.time.Duration;
import java.time.Instant;

/**
 * One thread of control: the top level of an execution, a Parallel branch or a Map iteration. Each has its own virtual
 * clock (a branch starts at its parent's time; the parent resumes at the latest branch's end), its cancellation
 * scope, and the id of its last history event (for previousEventId).
 */
final class ExecutionThread {
    enum Kind { ROOT, BRANCH, ITERATION }

    final String label;
    final Kind kind;
    final int index;
    final Cancellation cancellation;
    private Instant now;
    private long lastEventId;
    private String lastState;

    ExecutionThread(String label, Kind kind, int index, Cancellation cancellation, Instant now, long lastEventId) {
        this.label = label;
        this.kind = kind;
        this.index = index;
        this.cancellation = cancellation;
        this.now = now;
        this.lastEventId = lastEventId;
    }

    /** The top-level thread of an execution, starting at {@code start}. */
    static ExecutionThread root(Cancellation cancellation, Instant start) {
        return new ExecutionThread("", Kind.ROOT, 0, cancellation, start, 0);
    }

    ExecutionThread fork(String childLabel, Kind childKind, int childIndex, Cancellation scope, Instant start) {
        String full = label.isEmpty() ? childLabel : label + "/" + childLabel;
        return new ExecutionThread(full, childKind, childIndex, scope, start, lastEventId);
    }

    synchronized Instant now() {
        return now;
    }

    synchronized void advance(Duration duration) {
        if (!duration.isNegative()) {
            now = now.plus(duration);
        }
    }

    synchronized void advanceTo(Instant instant) {
        if (instant.isAfter(now)) {
            now = instant;
        }
    }

    synchronized long lastEventId() {
        return lastEventId;
    }

    synchronized void lastEventId(long id) {
        this.lastEventId = id;
    }

    String lastState() {
        return lastState;
    }

    void enteredState(String stateName) {
        this.lastState = stateName;
    }
}
