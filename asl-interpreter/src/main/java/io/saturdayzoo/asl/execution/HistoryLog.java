package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Appends one execution's history events from all its threads in one order, numbering them, and feeds them on. */
final class HistoryLog {
    private final List<HistoryEvent> events = new ArrayList<>();
    private final ListenerFeed feed;
    private final String listenerPrefix;

    /** @param listenerPrefix where this execution runs in the top-level one ("" for the top level itself) */
    HistoryLog(ListenerFeed feed, String listenerPrefix) {
        this.feed = feed;
        this.listenerPrefix = listenerPrefix;
    }

    static ObjectNode details() {
        return JsonNodeFactory.instance.objectNode();
    }

    synchronized HistoryEvent record(ExecutionThread thread, HistoryEventType type, String stateName,
                                     ObjectNode details, Duration wallTime) {
        HistoryEvent event = new HistoryEvent(events.size() + 1L, thread.lastEventId(), thread.now(), type, stateName,
                thread.label, details, wallTime);
        events.add(event);
        thread.lastEventId(event.id());
        feed.deliver(listenerPrefix.isEmpty() ? event : event.under(listenerPrefix));
        return event;
    }

    synchronized List<HistoryEvent> snapshot() {
        return List.copyOf(events);
    }
}
