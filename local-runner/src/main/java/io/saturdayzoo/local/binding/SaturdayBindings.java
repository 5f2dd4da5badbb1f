package io.saturdayzoo.local.binding;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.ScopeTree;
import io.saturdayzoo.asl.task.TaskBindings;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.asl.task.TaskHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Binds every Task state of a definition, by state name, to what serves it locally: a Lambda Task to its handler
 * (looked up by function name), a Batch Task to the in-process container command, an SNS Task to the
 * notification log. Binding happens before the run, so a Task nothing can serve is an error up front, naming the
 * state and its resource, not a failure halfway through a Saturday.
 */
public final class SaturdayBindings {
    public static final String BATCH_PREFIX = "arn:aws:states:::batch:submitJob";
    public static final String SNS_PREFIX = "arn:aws:states:::sns:publish";
    private static final String FUNCTION_ARN_MARKER = ":function:";

    /** The bindings, and for each Task state a one-line description of what serves it (for --verbose, tests). */
    public record Bound(TaskBindings bindings, Map<String, String> servedBy) {
    }

    private final Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> lambdas = new LinkedHashMap<>();
    private ContainerCommand container;
    private Map<String, String> containerEnv = Map.of();
    private TrainerThreads containerThreads;
    private NotificationLog notifications;
    private Function<RuntimeException, TaskFailedException> lambdaErrors = TaskFailedException::fromLambdaException;

    public static SaturdayBindings builder() {
        return new SaturdayBindings();
    }

    public SaturdayBindings lambda(String functionName, RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        lambdas.put(functionName, Objects.requireNonNull(handler, functionName));
        return this;
    }

    public SaturdayBindings container(ContainerCommand command, Map<String, String> env) {
        this.container = command;
        this.containerEnv = Map.copyOf(env);
        return this;
    }

    /** As {@link #container(ContainerCommand, Map)}, each job given the threads {@code threads} allots it. */
    public SaturdayBindings container(ContainerCommand command, Map<String, String> env, TrainerThreads threads) {
        container(command, env);
        this.containerThreads = threads;
        return this;
    }

    public SaturdayBindings notifications(NotificationLog log) {
        this.notifications = log;
        return this;
    }

    /** How a handler's exception becomes the Task's error name and cause (default: as the Lambda runtime reports). */
    public SaturdayBindings lambdaErrors(Function<RuntimeException, TaskFailedException> errors) {
        this.lambdaErrors = errors;
        return this;
    }

    public Bound bind(JsonNode definition) {
        TaskBindings.Builder bindings = TaskBindings.builder();
        Map<String, String> servedBy = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, LambdaTask> lambdaTasks = new LinkedHashMap<>();
        BatchJobTask batch = container == null ? null : new BatchJobTask(container, containerEnv, containerThreads);
        NotificationTask sns = notifications == null ? null : new NotificationTask(notifications);
        for (Map.Entry<String, JsonNode> task : tasks(definition).entrySet()) {
            String state = task.getKey();
            String resource = task.getValue().path("Resource").asText("");
            TaskHandler handler = null;
            String description;
            if (resource.startsWith(LambdaTask.INVOKE_RESOURCE) || resource.contains(FUNCTION_ARN_MARKER)) {
                String function = functionName(resource.startsWith(LambdaTask.INVOKE_RESOURCE)
                        ? task.getValue().path("Parameters").path("FunctionName").asText("") : resource);
                var lambda = lambdas.get(function);
                if (lambda != null) {
                    handler = lambdaTasks.computeIfAbsent(function, f -> new LambdaTask(f, lambda, lambdaErrors));
                }
                description = "Lambda " + function + (lambda == null ? "" : " -> " + lambda.getClass().getSimpleName());
            } else if (resource.startsWith(BATCH_PREFIX)) {
                handler = batch;
                description = "Batch job -> in-process container command";
            } else if (resource.startsWith(SNS_PREFIX)) {
                handler = sns;
                description = "SNS publish -> notification log";
            } else {
                description = "unsupported resource";
            }
            if (handler == null) {
                problems.add("Task state '" + state + "' (resource '" + resource + "'): nothing serves it locally: "
                        + description + (lambdas.isEmpty() ? "" : " (functions bound: " + lambdas.keySet() + ")"));
            } else {
                bindings.state(state, handler);
                servedBy.put(state, description);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
        return new Bound(bindings.build(), Map.copyOf(servedBy));
    }

    /**
     * "arn:aws:lambda:us-east-1:123:function:SelectRotation:live" and "arn:aws:lambda:::function:SelectRotation"
     * both name SelectRotation; a bare name stays as it is.
     */
    static String functionName(String arnOrName) {
        int marker = arnOrName.indexOf(FUNCTION_ARN_MARKER);
        String rest = marker < 0 ? arnOrName : arnOrName.substring(marker + FUNCTION_ARN_MARKER.length());
        int qualifier = rest.indexOf(':');
        return qualifier < 0 ? rest : rest.substring(0, qualifier);
    }

    /** Every Task state of every scope (top level, Parallel branches, Map item processors), by state name. */
    public static Map<String, JsonNode> tasks(JsonNode definition) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        ScopeTree.of(definition).allStates().filter(state -> "Task".equals(state.type())).forEach(task -> {
            if (out.put(task.name(), task.json()) != null) {
                // bindings go by state name: two Tasks sharing one would silently share a handler
                throw new IllegalStateException("two Task states are named '" + task.name()
                        + "'; the local runner binds Tasks by name, so names must be unique");
            }
        });
        return out;
    }
}
