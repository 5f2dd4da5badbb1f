package io.saturdayzoo.asl.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which handler serves which Task state: first by state name, then by exact Resource ARN, then by the longest
 * matching Resource prefix (e.g. "arn:aws:states:::batch:submitJob"). Immutable; build with {@link #builder()}.
 */
public final class TaskBindings {
    private final Map<String, TaskHandler> byStateName;
    private final Map<String, TaskHandler> byResource;
    private final List<Map.Entry<String, TaskHandler>> byResourcePrefix;

    private TaskBindings(Builder builder) {
        this.byStateName = Map.copyOf(builder.byStateName);
        this.byResource = Map.copyOf(builder.byResource);
        List<Map.Entry<String, TaskHandler>> prefixes = new ArrayList<>(builder.byResourcePrefix.entrySet());
        prefixes.sort(Comparator.comparing((Map.Entry<String, TaskHandler> e) -> e.getKey().length()).reversed());
        this.byResourcePrefix = List.copyOf(prefixes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TaskBindings none() {
        return builder().build();
    }

    public Optional<TaskHandler> resolve(String stateName, String resource) {
        TaskHandler handler = byStateName.get(stateName);
        if (handler == null && resource != null) {
            handler = byResource.get(resource);
        }
        if (handler == null && resource != null) {
            for (Map.Entry<String, TaskHandler> prefix : byResourcePrefix) {
                if (resource.startsWith(prefix.getKey())) {
                    return Optional.of(prefix.getValue());
                }
            }
        }
        return Optional.ofNullable(handler);
    }

    public static final class Builder {
        private final Map<String, TaskHandler> byStateName = new LinkedHashMap<>();
        private final Map<String, TaskHandler> byResource = new LinkedHashMap<>();
        private final Map<String, TaskHandler> byResourcePrefix = new LinkedHashMap<>();

        public Builder state(String stateName, TaskHandler handler) {
            byStateName.put(stateName, handler);
            return this;
        }

        public Builder resource(String resourceArn, TaskHandler handler) {
            byResource.put(resourceArn, handler);
            return this;
        }

        public Builder resourcePrefix(String resourcePrefix, TaskHandler handler) {
            byResourcePrefix.put(resourcePrefix, handler);
            return this;
        }

        public TaskBindings build() {
            return new TaskBindings(this);
        }
    }
}
