package io.saturdayzoo.core.events;

import io.saturdayzoo.core.aws.ZooEnv;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.json.ZooJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Publishes to an EventBridge bus with source "saturday-zoo.registry". PutEvents can succeed as a call yet fail
 * the entry (FailedEntryCount), so both are checked and retried a few times with jittered backoff. A publish
 * that still fails is logged at ERROR and swallowed: the event is a notification, the registry is the record.
 */
public final class EventBridgePublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgePublisher.class);

    private final EventBridgeClient client;
    private final String busName;
    private final int maxAttempts;
    private final long baseBackoffMillis;

    public EventBridgePublisher(EventBridgeClient client, String busName) {
        this(client, busName, 4, 100);
    }

    public EventBridgePublisher(EventBridgeClient client, String busName, int maxAttempts, long baseBackoffMillis) {
        this.client = Objects.requireNonNull(client, "client");
        if (busName == null || busName.isBlank()) {
            throw new IllegalArgumentException(ZooEnv.EVENT_BUS + ": event bus name is missing");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        this.busName = busName;
        this.maxAttempts = maxAttempts;
        this.baseBackoffMillis = baseBackoffMillis;
    }

    @Override
    public void publish(String detailType, Map<String, Object> detail) {
        String json;
        try {
            json = ZooJson.mapper().writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            LOG.error("event {} not published: detail is not serializable: {}", detailType, e.getOriginalMessage());
            return;
        }
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName).source(SOURCE).detailType(detailType).detail(json).build();
        String lastFailure = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                PutEventsResponse response = client.putEvents(b -> b.entries(entry));
                Integer failed = response.failedEntryCount();
                if (failed == null || failed == 0) {
                    return;
                }
                PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().get(0);
                lastFailure = result == null ? "failed entry" : result.errorCode() + ": " + result.errorMessage();
            } catch (SdkException e) {
                lastFailure = e.toString();
            }
            if (attempt < maxAttempts && !sleepBackoff(attempt)) {
                break;
            }
        }
        LOG.error("event {} not published to bus {} after {} attempts ({}); detail={}",
                detailType, busName, maxAttempts, lastFailure, json);
    }

    private boolean sleepBackoff(int attempt) {
        long cap = baseBackoffMillis * (1L << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
