package io.saturdayzoo.asl.task;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One call of a Task state.
 *
 * @param stateName     the Task state's name
 * @param resource      its Resource ARN
 * @param input         the effective input: state input after InputPath and Parameters
 * @param context       the context object ($$): Execution, StateMachine, State, Map.Item when inside a Map
 * @param attempt       0 for the first try, n for the n-th retry
 * @param virtualNow    the virtual time at which the Task started
 */
public record TaskInvocation(String stateName, String resource, JsonNode input, JsonNode context, int attempt,
                             Instant virtualNow, BooleanSupplier cancellation, Consumer<Duration> virtualClock) {

    public String executionName() {
        return context.path("Execution").path("Name").asText();
    }

    /**
     * True once the enclosing Parallel branch or Map iteration was cancelled because a sibling failed: the result
     * will be discarded, so a long-running handler may stop early.
     */
    public boolean isCancelled() {
        return cancellation.getAsBoolean();
    }

    /** Lets a handler simulate work that takes virtual time (counted against the state's TimeoutSeconds). */
    public void advanceVirtualTime(Duration elapsed) {
        virtualClock.accept(elapsed);
    }
}
