package io.saturdayzoo.local.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.task.TaskHandler;
import io.saturdayzoo.asl.task.TaskInvocation;

import java.time.Instant;
import java.util.UUID;

/** Serves an {@code sns:publish} Task: the message goes to the {@link NotificationLog}; returns a MessageId. */
public final class NotificationTask implements TaskHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotificationLog log;

    public NotificationTask(NotificationLog log) {
        this.log = log;
    }

    @Override
    public JsonNode invoke(TaskInvocation invocation) {
        JsonNode input = invocation.input();
        JsonNode message = input.path("Message");
        String text = message.isTextual() ? message.asText() : message.toString();
        log.publish(new NotificationLog.Notification(invocation.executionName(), invocation.stateName(),
                input.path("TopicArn").asText(input.path("TargetArn").asText("")),
                input.path("Subject").asText(invocation.stateName()), text, Instant.now()));
        ObjectNode result = JSON.createObjectNode().put("MessageId", UUID.randomUUID().toString());
        result.putObject("SdkHttpMetadata").put("HttpStatusCode", 200);
        return result;
    }
}
