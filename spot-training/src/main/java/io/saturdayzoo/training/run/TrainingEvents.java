package io.saturdayzoo.training.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The structured events of a training run, one JSON object per line, the same fields for every kind:
 * training_started, fold_complete, threshold_picked, training_complete (and training_failed).
 */
public final class TrainingEvents {
    public static final String LOGGER = "saturday.training.events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Consumer<Map<String, Object>> sink;

    private TrainingEvents(Consumer<Map<String, Object>> sink) {
        this.sink = sink;
    }

    /** Events as JSON lines through slf4j (stderr in the container, where CloudWatch picks them up). */
    public static TrainingEvents toLog() {
        return new TrainingEvents(event -> LOG.info(json(event)));
    }

    /** Events to any consumer (and the log), e.g. a list in a test. */
    public static TrainingEvents to(Consumer<Map<String, Object>> consumer) {
        return new TrainingEvents(event -> {
            consumer.accept(event);
            LOG.info(json(event));
        });
    }

    /** Every event carries the run's identity; fold is null outside a fold. */
    public record Context(String specId, String kind, String label, String jobId, String executionId) {
    }

    public void emit(String event, Context ctx, Integer fold, Map<String, ?> detail) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", event);
        e.put("ts", Instant.now().toString());
        e.put("spec_id", ctx.specId());
        e.put("kind", ctx.kind());
        e.put("label", ctx.label());
        e.put("job_id", ctx.jobId());
        e.put("execution_id", ctx.executionId());
        e.put("fold", fold);
        e.put("detail", detail == null ? Map.of() : detail);
        sink.accept(e);
    }

    static String json(Map<String, Object> event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return "{\"event\":\"" + event.get("event") + "\",\"error\":\"unserializable event\"}";
        }
    }
}
