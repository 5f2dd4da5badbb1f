package io.saturdayzoo.core.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Used when no event bus is configured (ZOO_EVENT_BUS unset): the event is only logged. */
public final class LoggingEventPublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingEventPublisher.class);

    @Override
    public void publish(String detailType, Map<String, Object> detail) {
        LOG.info("event {} (no event bus configured): {}", detailType, detail);
    }
}
