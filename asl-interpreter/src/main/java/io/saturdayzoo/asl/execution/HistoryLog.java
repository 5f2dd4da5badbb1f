package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Appends history events from all paths in one order, numbering them and notifying the listener. */
final class HistoryLog {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryLog.class);
    private final List<HistoryEvent> events = new ArrayList<>();
    private final ExecutionListener listener;

    HistoryLog(ExecutionListener listener) {
        this.listener = listener;
    }

    static ObjectNode details() {
        return JsonNodeFactory.instance.objectNode();
    }

    synchronized HistoryEvent record(ExecutionThread thread, HistoryEventType type, String stateName, ObjectNode details,
                                     Duration wallTime) {
        HistoryEvent event = new HistoryEvent(events.size() + 1L, thread.lastEventId(), thread.now(), type, stateName,
                thread.label, details, wallTime);
        events.add(event);
        thread.lastEventId(event.id());
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // a broken progress display must not change the outcome of the execution
            LOG.warn("execution listener failed on event {}: {}", event.id(), e.toString());
        }
        return event;
    }

    synchronized List<HistoryEvent> snapshot() {
        return List.copyOf(events);
    }
}
