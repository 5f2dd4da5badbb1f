package io.saturdayzoo.asl.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands history events to the run's listener one at a time, whichever execution of the run recorded them, and keeps
 * a failing listener from changing the outcome.
 */
final class ListenerFeed {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerFeed.class);
    private final ExecutionListener listener;

    ListenerFeed(ExecutionListener listener) {
        this.listener = listener;
    }

    synchronized void deliver(HistoryEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // a broken progress display must not change the outcome of the execution
            LOG.warn("execution listener failed on event {}: {}", event.id(), e.toString());
        }
    }
}
