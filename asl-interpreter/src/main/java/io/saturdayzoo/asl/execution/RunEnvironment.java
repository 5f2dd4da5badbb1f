package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.definition.Retrier;
import io.saturdayzoo.asl.task.TaskBindings;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every execution of one run shares: Task bindings, options, threads, the listener, the jitter source, and the
 * invocation count per Task state that mocked responses are keyed by.
 */
final class RunEnvironment {
    final TaskBindings bindings;
    final ExecutionOptions options;
    final ExecutorService pool;
    final ListenerFeed listener;
    private final Map<String, AtomicInteger> invocationsByState = new ConcurrentHashMap<>();
    private final Random jitter;

    RunEnvironment(TaskBindings bindings, ExecutionOptions options, ExecutorService pool) {
        this.bindings = bindings;
        this.options = options;
        this.pool = pool;
        this.listener = new ListenerFeed(options.listener());
        this.jitter = new Random(options.jitterSeed());
    }

    /** 0 for the first call of a Task state in the run, then 1, 2... (retries and Map items count as calls). */
    int nextInvocation(String stateName) {
        return invocationsByState.computeIfAbsent(stateName, k -> new AtomicInteger()).getAndIncrement();
    }

    /** Delay before retry number {@code retriesSoFar + 1}, with JitterStrategy FULL drawn from the seeded source. */
    Duration retryDelay(Retrier retrier, int retriesSoFar) {
        double seconds = retrier.delaySeconds(retriesSoFar);
        if (retrier.fullJitter()) {
            synchronized (jitter) {
                seconds = jitter.nextDouble() * seconds;
            }
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
