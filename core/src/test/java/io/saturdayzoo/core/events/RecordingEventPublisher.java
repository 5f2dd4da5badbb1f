package io.saturdayzoo.core.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps published events in memory, for tests to read what was announced (core's test-jar). */
public final class RecordingEventPublisher implements EventPublisher {

    /** One published event. */
    public record PublishedEvent(String detailType, Map<String, Object> detail) {
    }

    private final List<PublishedEvent> events = new ArrayList<>();

    @Override
    public synchronized void publish(String detailType, Map<String, Object> detail) {
        // not Map.copyOf: details may carry nulls (a v1 has no parent)
        events.add(new PublishedEvent(detailType, Collections.unmodifiableMap(new LinkedHashMap<>(detail))));
    }

    public synchronized List<PublishedEvent> events() {
        return List.copyOf(events);
    }

    public List<PublishedEvent> events(String detailType) {
        return events().stream().filter(e -> e.detailType().equals(detailType)).toList();
    }

    public synchronized void clear() {
        events.clear();
    }
}
