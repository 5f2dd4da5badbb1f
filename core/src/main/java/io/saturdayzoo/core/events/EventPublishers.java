package io.saturdayzoo.core.events;

import io.saturdayzoo.core.aws.AwsClients;

import io.saturdayzoo.core.aws.ZooEnv;
import java.util.Map;

/** Picks the publisher an environment asks for. */
public final class EventPublishers {

    private EventPublishers() {
    }

    /** EventBridge when ZOO_EVENT_BUS is set, otherwise a publisher that only logs. */
    public static EventPublisher fromEnv(Map<String, String> env) {
        String bus = env.get(ZooEnv.EVENT_BUS);
        if (bus == null || bus.isBlank()) {
            return new LoggingEventPublisher();
        }
        return new EventBridgePublisher(AwsClients.eventBridge(env), bus);
    }
}
