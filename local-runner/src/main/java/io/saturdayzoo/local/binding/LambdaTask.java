package io.saturdayzoo.local.binding;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.asl.task.TaskHandler;
import io.saturdayzoo.asl.task.TaskInvocation;

import java.util.Map;
import java.util.function.Function;

/**
 * Serves a Lambda Task state with a handler called in-process. Understands both forms Step Functions uses: the
 * optimized {@code arn:aws:states:::lambda:invoke} integration (input {FunctionName, Payload}; result wrapped as
 * {ExecutedVersion, Payload, StatusCode}) and a plain function ARN as Resource (payload in, handler output out).
 */
public final class LambdaTask implements TaskHandler {
    public static final String INVOKE_RESOURCE = "arn:aws:states:::lambda:invoke";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final String functionName;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> handler;
    private final Function<RuntimeException, TaskFailedException> errors;

    /**
     * @param errors turns what the handler threw into the Task failure Step Functions would report
     */
    public LambdaTask(String functionName, RequestHandler<Map<String, Object>, Map<String, Object>> handler,
                      Function<RuntimeException, TaskFailedException> errors) {
        this.functionName = functionName;
        this.handler = handler;
        this.errors = errors;
    }

    public String functionName() {
        return functionName;
    }

    @Override
    public JsonNode invoke(TaskInvocation invocation) throws TaskFailedException {
        boolean optimized = invocation.resource().startsWith(INVOKE_RESOURCE);
        JsonNode payload = optimized ? invocation.input().path("Payload") : invocation.input();
        Map<String, Object> event = payload.isObject() ? JSON.convertValue(payload, MAP) : Map.of();
        Map<String, Object> result;
        try {
            result = handler.handleRequest(event, null);
        } catch (RuntimeException e) {
            throw errors.apply(e);
        }
        JsonNode output = JSON.valueToTree(result);
        if (!optimized) {
            return output;
        }
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.put("ExecutedVersion", "$LATEST");
        wrapped.set("Payload", output);
        wrapped.put("StatusCode", 200);
        return wrapped;
    }
}
