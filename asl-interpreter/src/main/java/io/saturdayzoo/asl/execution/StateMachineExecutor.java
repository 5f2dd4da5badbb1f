package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.AslDefinition;
import io.saturdayzoo.asl.task.TaskBindings;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a state machine definition in-process. Parallel branches and Map iterations run on real threads; Wait,
 * Retry back-off and TimeoutSeconds use a virtual clock, so nothing sleeps. Reusable: each execute() is independent.
 */
public final class StateMachineExecutor {
    private final AslDefinition definition;
    private final TaskBindings bindings;
    private final ExecutionOptions options;

    public StateMachineExecutor(AslDefinition definition, TaskBindings bindings, ExecutionOptions options) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Runs to completion and returns the outcome; an ASL failure is a FAILED result, not an exception. */
    public ExecutionResult execute(JsonNode input, String executionName) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(executionName, "executionName");
        ExecutorService pool = Executors.newCachedThreadPool(threads(executionName));
        try {
            RunEnvironment env = new RunEnvironment(bindings, options, pool);
            Instant start = options.startTime() != null ? options.startTime() : Instant.now();
            return new ExecutionRun(env, definition.root(), options.stateMachineName(), executionName, input, start, "")
                    .run(input, ExecutionThread.root(Cancellation.root(), start));
        } finally {
            pool.shutdownNow();
        }
    }

    private static ThreadFactory threads(String executionName) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, "asl-" + executionName + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
