package io.saturdayzoo.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.asl.definition.AslDefinition;
import io.saturdayzoo.asl.execution.ExecutionOptions;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.execution.StateMachineExecutor;
import io.saturdayzoo.asl.task.TaskBindings;
import io.saturdayzoo.asl.task.TaskHandler;
import io.saturdayzoo.asl.task.TaskInvocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Test shorthand: parse JSON, run a definition from a fixed virtual start time. */
public final class Asl {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Instant T0 = Instant.parse("2026-01-03T06:00:00Z");

    private Asl() {
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ExecutionResult run(String definition, String input) {
        return run(definition, input, TaskBindings.none());
    }

    public static ExecutionResult run(String definition, String input, TaskBindings bindings) {
        return run(definition, input, bindings, ExecutionOptions.builder());
    }

    public static ExecutionResult run(String definition, String input, TaskBindings bindings,
                                      ExecutionOptions.Builder options) {
        return new StateMachineExecutor(AslDefinition.parse(definition), bindings,
                options.stateMachineName("TestMachine").startTime(T0).build()).execute(json(input), "run-1");
    }

    /** Seconds of virtual time between the execution start and each event of {@code type} for {@code state}. */
    public static List<Long> secondsAt(ExecutionResult result, HistoryEventType type, String state) {
        return result.events(type).stream().filter(e -> state.equals(e.stateName()))
                .map(HistoryEvent::timestamp).map(t -> Duration.between(T0, t).toSeconds()).toList();
    }

    /** A one-state machine: {"StartAt":"S","States":{"S": <state with End true>}}. */
    public static String single(String stateJson) {
        return "{\"StartAt\":\"S\",\"States\":{\"S\":" + stateJson + "}}";
    }

    /** Waits (bounded) until the Task's branch or item is cancelled, as a long-running, cooperative handler would. */
    public static void awaitCancellation(TaskInvocation inv) {
        try {
            for (int i = 0; i < 2000 && !inv.isCancelled(); i++) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) for {@code latch}, e.g. until a sibling's Task has started, so a failure lands while it runs. */
    public static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A Task whose calls meet in pairs: a call returns its input only once a second call is running, and
     * {@code peak} records the most calls that ever ran at once. A run completes only if two items run together.
     */
    public static TaskHandler meetingInPairs(AtomicInteger peak) {
        AtomicInteger active = new AtomicInteger();
        CyclicBarrier pair = new CyclicBarrier(2);
        return inv -> {
            peak.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                pair.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("items did not run two at a time", e);
            } finally {
                active.decrementAndGet();
            }
            return inv.input();
        };
    }
}
