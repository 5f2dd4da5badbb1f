package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/**
 * One entry of an execution's history.
 *
 * @param id              1-based, in the order events were recorded
 * @param previousEventId the previous event on the same path (0 for the first), as in GetExecutionHistory
 * @param timestamp       virtual time of the path that recorded it (branches run on their own virtual clocks)
 * @param stateName       the state concerned, or null for execution-level events
 * @param path            where it happened: "" at top level, "Fanout/Branches[1]", "TrainAll/Iteration[3]", nested
 *                        paths joined with '/'; relative to the execution that recorded it
 * @param details         event details (input, output, error, cause, resource, attempt...)
 * @param wallTime        real time spent in the state or task, on *Exited and Task outcome events; else null
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, HistoryEventType type, String stateName,
                           String path, ObjectNode details, Duration wallTime) {

    /**
     * This event as a listener of the whole run sees it when a Distributed Map's child execution recorded it: its
     * path placed below {@code prefix}, where the child runs in its parent (e.g. "TrainAll/Iteration[3]").
     */
    public HistoryEvent under(String prefix) {
        return new HistoryEvent(id, previousEventId, timestamp, type, stateName,
                path.isEmpty() ? prefix : prefix + "/" + path, details, wallTime);
    }

    @Override
    public String toString() {
        return id + " " + type + (stateName == null ? "" : " " + stateName) + (path.isEmpty() ? "" : " @" + path)
                + " " + details;
    }
}
