package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.mock.MockTestCase;

import java.time.Instant;
import java.util.Objects;

/**
 * How an execution runs.
 *
 * @param stateMachineName used in the execution ARN and $$.StateMachine
 * @param startTime        virtual start time; null means "now" at execute()
 * @param mocks            scripted Task outcomes (failure injection); mocked states never call their bindings
 * @param listener         live progress callback
 * @param measureTaskTime  when true each Task advances its virtual clock by the wall time it took, so history
 *                         timestamps of a real local run are meaningful; when false Tasks take no virtual time
 *                         (deterministic tests) unless a handler calls advanceVirtualTime
 * @param jitterSeed       seed for JitterStrategy FULL, so retries stay reproducible
 */
public record ExecutionOptions(String stateMachineName, Instant startTime, MockTestCase mocks,
                               ExecutionListener listener, boolean measureTaskTime, long jitterSeed) {

    public ExecutionOptions {
        Objects.requireNonNull(stateMachineName, "stateMachineName");
        Objects.requireNonNull(mocks, "mocks");
        Objects.requireNonNull(listener, "listener");
    }

    public static ExecutionOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String stateMachineName = "StateMachine";
        private Instant startTime;
        private MockTestCase mocks = MockTestCase.empty();
        private ExecutionListener listener = ExecutionListener.NONE;
        private boolean measureTaskTime;
        private long jitterSeed;

        public Builder stateMachineName(String name) {
            this.stateMachineName = name;
            return this;
        }

        public Builder startTime(Instant startTime) {
            this.startTime = startTime;
            return this;
        }

        public Builder mocks(MockTestCase mocks) {
            this.mocks = mocks;
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder measureTaskTime(boolean measureTaskTime) {
            this.measureTaskTime = measureTaskTime;
            return this;
        }

        public Builder jitterSeed(long jitterSeed) {
            this.jitterSeed = jitterSeed;
            return this;
        }

        public ExecutionOptions build() {
            return new ExecutionOptions(stateMachineName, startTime, mocks, listener, measureTaskTime, jitterSeed);
        }
    }
}
