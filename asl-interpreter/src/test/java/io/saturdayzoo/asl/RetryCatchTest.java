package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.task.TaskBindings;
import io.saturdayzoo.asl.task.TaskFailedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.saturdayzoo.asl.Asl.json;
import static io.saturdayzoo.asl.Asl.run;
import static io.saturdayzoo.asl.Asl.secondsAt;
import static org.assertj.core.api.Assertions.assertThat;

class RetryCatchTest {

    /** Fails with {@code error} the first {@code failures} calls, then returns {"ok":true}. */
    private static TaskBindings failing(String state, String error, int failures, AtomicInteger calls) {
        return TaskBindings.builder().state(state, inv -> {
            if (calls.getAndIncrement() < failures) {
                throw new TaskFailedException(error, "attempt " + inv.attempt());
            }
            return json("{\"ok\":true}");
        }).build();
    }

    @Test
    void retriesBackOffOnTheVirtualClock() {
        AtomicInteger calls = new AtomicInteger();
        ExecutionResult r = run(Asl.single("""
                {"Type":"Task","Resource":"r","End":true,
                 "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"BackoffRate":2.0,"MaxAttempts":3}]}"""),
                "{}", failing("S", "Flaky", 3, calls));
        assertThat(r.succeeded()).isTrue();
        assertThat(calls).hasValue(4);
        // scheduled at 0, then after delays of 1, 2 and 4 virtual seconds
        assertThat(secondsAt(r, HistoryEventType.TaskScheduled, "S")).containsExactly(0L, 1L, 3L, 7L);
        assertThat(r.events(HistoryEventType.StateFailed)).extracting(e -> e.details().get("retryDelaySeconds").asDouble())
                .containsExactly(1.0, 2.0, 4.0);
    }

    @Test
    void maxDelaySecondsCapsTheBackoff() {
        ExecutionResult r = run(Asl.single("""
                {"Type":"Task","Resource":"r","End":true,
                 "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":3,"BackoffRate":3.0,"MaxAttempts":3,"MaxDelaySeconds":5}]}"""),
                "{}", failing("S", "Flaky", 3, new AtomicInteger()));
        assertThat(secondsAt(r, HistoryEventType.TaskScheduled, "S")).containsExactly(0L, 3L, 8L, 13L);
    }

    @Test
    void exhaustedRetriesFallThroughToCatchWithErrorOutput() {
        AtomicInteger calls = new AtomicInteger();
        ExecutionResult r = run("""
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"r","Next":"Ok",
                       "Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":2}],
                       "Catch":[{"ErrorEquals":["Other"],"Next":"Wrong"},
                                {"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Recovered"}]},
                  "Ok":{"Type":"Succeed"},"Wrong":{"Type":"Succeed"},"Recovered":{"Type":"Succeed"}}}""",
                "{\"in\":1}", failing("T", "Flaky", 10, calls));
        assertThat(calls).hasValue(3);
        assertThat(r.enteredStates()).containsExactly("T", "Recovered");
        assertThat(r.output()).isEqualTo(json("{\"in\":1,\"error\":{\"Error\":\"Flaky\",\"Cause\":\"attempt 2\"}}"));
    }

    @Test
    void maxAttemptsZeroNeverRetries() {
        AtomicInteger calls = new AtomicInteger();
        ExecutionResult r = run(Asl.single("""
                {"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":0}]}"""),
                "{}", failing("S", "Boom", 1, calls));
        assertThat(calls).hasValue(1);
        assertThat(r.error()).isEqualTo("Boom");
    }

    @Test
    void onlyTheFirstMatchingRetrierApplies() {
        // "Flaky" matches the first retrier (1 attempt); the later States.ALL retrier must not add attempts
        AtomicInteger calls = new AtomicInteger();
        ExecutionResult r = run(Asl.single("""
                {"Type":"Task","Resource":"r","End":true,"Retry":[
                  {"ErrorEquals":["Flaky"],"MaxAttempts":1},{"ErrorEquals":["States.ALL"],"MaxAttempts":5}]}"""),
                "{}", failing("S", "Flaky", 10, calls));
        assertThat(calls).hasValue(2);
        assertThat(r.error()).isEqualTo("Flaky");
    }

    @Test
    void catchResultPathNullKeepsTheInput() {
        ExecutionResult r = run("""
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"r","End":true,
                       "Catch":[{"ErrorEquals":["Boom"],"ResultPath":null,"Next":"After"}]},
                  "After":{"Type":"Pass","End":true}}}""", "{\"kept\":true}", failing("T", "Boom", 1, new AtomicInteger()));
        assertThat(r.output()).isEqualTo(json("{\"kept\":true}"));
    }

    @Test
    void taskTimeoutOnVirtualTimeIsStatesTimeoutAndNotTaskFailed() {
        TaskBindings slow = TaskBindings.builder().state("T", inv -> {
            inv.advanceVirtualTime(Duration.ofSeconds(120));
            return json("\"late\"");
        }).build();
        String def = """
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"r","TimeoutSeconds":60,"End":true,
                       "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"TaskFailedCatcher"},
                                {"ErrorEquals":["States.Timeout"],"Next":"TimeoutCatcher"}]},
                  "TaskFailedCatcher":{"Type":"Succeed"},"TimeoutCatcher":{"Type":"Succeed"}}}""";
        ExecutionResult r = run(def, "{}", slow);
        assertThat(r.enteredStates()).containsExactly("T", "TimeoutCatcher");
        assertThat(r.events(HistoryEventType.TaskTimedOut)).hasSize(1);
        assertThat(r.events(HistoryEventType.TaskSucceeded)).isEmpty();
    }

    @Test
    void taskFailedMatchesAnyTaskErrorExceptTimeout() {
        ExecutionResult r = run("""
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"r","End":true,
                       "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Caught"}]},
                  "Caught":{"Type":"Succeed"}}}""", "{}", failing("T", "Custom.Error", 1, new AtomicInteger()));
        assertThat(r.enteredStates()).containsExactly("T", "Caught");
    }

    @Test
    void statesRuntimeIsNeitherRetriedNorCaught() {
        ExecutionResult r = run("""
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"r","OutputPath":"$.nothing","End":true,
                       "Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}]},
                  "Caught":{"Type":"Succeed"}}}""", "{}", TaskBindings.builder().state("T", inv -> json("{}")).build());
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.events(HistoryEventType.TaskScheduled)).hasSize(1);
    }

    @Test
    void retryCountIsVisibleInTheContextObject() {
        AtomicInteger calls = new AtomicInteger();
        TaskBindings bindings = TaskBindings.builder().state("S", inv -> {
            if (calls.getAndIncrement() < 2) {
                throw new TaskFailedException("Flaky", "again");
            }
            return inv.input();
        }).build();
        ExecutionResult r = run(Asl.single("""
                {"Type":"Task","Resource":"r","Parameters":{"retry.$":"$$.State.RetryCount"},"End":true,
                 "Retry":[{"ErrorEquals":["Flaky"]}]}"""), "{}", bindings);
        assertThat(r.output()).isEqualTo(json("{\"retry\":2}"));
    }

    @Test
    void fullJitterIsReproducibleWithTheSameSeedAndNeverLonger() {
        String def = Asl.single("""
                {"Type":"Task","Resource":"r","End":true,
                 "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":10,"MaxAttempts":2,"JitterStrategy":"FULL"}]}""");
        ExecutionResult first = run(def, "{}", failing("S", "Flaky", 2, new AtomicInteger()),
                io.saturdayzoo.asl.execution.ExecutionOptions.builder().jitterSeed(42));
        ExecutionResult second = run(def, "{}", failing("S", "Flaky", 2, new AtomicInteger()),
                io.saturdayzoo.asl.execution.ExecutionOptions.builder().jitterSeed(42));
        var delays = first.events(HistoryEventType.StateFailed).stream()
                .map(e -> e.details().get("retryDelaySeconds").asDouble()).toList();
        assertThat(delays).hasSize(2);
        assertThat(delays.get(0)).isBetween(0.0, 10.0);
        assertThat(delays.get(1)).isBetween(0.0, 20.0);
        assertThat(second.events(HistoryEventType.StateFailed).stream()
                .map(e -> e.details().get("retryDelaySeconds").asDouble()).toList()).isEqualTo(delays);
    }

    /** A Parallel whose one branch doubles the input's 150,000 characters: its result and output are over 256 KiB. */
    private static final String DOUBLING = """
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Next":"Done","ResultPath":"$.doubled",
                "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3}],
                "Catch":[{"ErrorEquals":["CATCHES"],"ResultPath":"$.error","Next":"Caught"}],
                "Branches":[{"StartAt":"Double","States":{
                  "Double":{"Type":"Pass","Parameters":{"a.$":"$.big","b.$":"$.big"},"End":true}}}]},
              "Done":{"Type":"Succeed"},
              "Caught":{"Type":"Pass","Parameters":{"error.$":"$.error.Error"},"End":true}}}""";

    @Test
    void dataOverStepFunctionsQuotaFailsTheStateAndNeitherStatesAllNorARetryTakesIt() {
        String input = "{\"big\":\"" + "x".repeat(150_000) + "\"}";
        ExecutionResult r = run(DOUBLING.replace("CATCHES", "States.ALL"), input);

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(r.cause()).contains("input (after Parameters) is 300015 bytes, over the 262144 bytes (256 KiB)");
        assertThat(r.enteredStates()).doesNotContain("Done", "Caught");
        // once: a Retry on States.ALL does not take a terminal error
        assertThat(r.enteredStates().stream().filter("Double"::equals)).hasSize(1);

        ExecutionResult named = run(DOUBLING.replace("CATCHES", "States.DataLimitExceeded"), input);
        assertThat(named.output()).isEqualTo(json("{\"error\":\"States.DataLimitExceeded\"}"));

        // under the quota (the Parallel passes on its input and the doubled copy: 180 KB), the same succeeds
        String small = "{\"big\":\"" + "x".repeat(60_000) + "\"}";
        assertThat(run(DOUBLING.replace("CATCHES", "States.ALL"), small).status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
