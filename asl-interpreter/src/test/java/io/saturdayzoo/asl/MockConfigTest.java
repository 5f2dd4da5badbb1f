package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ExecutionOptions;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.mock.MockConfig;
import io.saturdayzoo.asl.mock.MockConfigException;
import io.saturdayzoo.asl.task.TaskBindings;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static io.saturdayzoo.asl.Asl.json;
import static io.saturdayzoo.asl.Asl.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockConfigTest {
    private static final String CONFIG = """
            {"StateMachines":{"Saturday":{"TestCases":{
               "RetryPath":{"Train":"FlakyThenOk"},
               "HardFailure":{"Train":"AlwaysFails"}}}},
             "MockedResponses":{
               "FlakyThenOk":{"0":{"Throw":{"Error":"Batch.SpotInterrupted","Cause":"host reclaimed"}},
                              "1-2":{"Throw":{"Error":"Batch.Throttled","Cause":"slow down"}},
                              "3":{"Return":{"JobId":"job-1","Status":"SUCCEEDED"}}},
               "AlwaysFails":{"0":{"Throw":{"Error":"TrainingFailed","Cause":"diverged"}}}}}""";
    private static final String MACHINE = """
            {"StartAt":"Train","States":{"Train":{"Type":"Task","Resource":"arn:aws:states:::batch:submitJob.sync",
              "Retry":[{"ErrorEquals":["Batch.SpotInterrupted","Batch.Throttled"],"MaxAttempts":3}],"End":true}}}""";

    @Test
    void invocationRangesScriptEachCallAndTheBindingIsNeverCalled() {
        AtomicInteger bindingCalls = new AtomicInteger();
        TaskBindings bindings = TaskBindings.builder().state("Train", inv -> {
            bindingCalls.incrementAndGet();
            return json("\"real\"");
        }).build();
        ExecutionResult r = run(MACHINE, "{}", bindings, ExecutionOptions.builder()
                .mocks(MockConfig.parse(CONFIG).testCase("Saturday", "RetryPath")));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.output()).isEqualTo(json("{\"JobId\":\"job-1\",\"Status\":\"SUCCEEDED\"}"));
        assertThat(bindingCalls).hasValue(0);
        assertThat(r.events(HistoryEventType.TaskFailed)).extracting(e -> e.details().get("error").asText())
                .containsExactly("Batch.SpotInterrupted", "Batch.Throttled", "Batch.Throttled");
    }

    @Test
    void aThrowPastTheRetriesFailsWithTheScriptedError() {
        ExecutionResult r = run(MACHINE, "{}", TaskBindings.none(), ExecutionOptions.builder()
                .mocks(MockConfig.parse(CONFIG).testCase("Saturday", "HardFailure")));
        assertThat(r.error()).isEqualTo("TrainingFailed");
        assertThat(r.cause()).isEqualTo("diverged");
    }

    @Test
    void anInvocationWithoutAScriptedEntryIsStatesRuntime() {
        String config = CONFIG.replace("\"3\":{\"Return\":{\"JobId\":\"job-1\",\"Status\":\"SUCCEEDED\"}}",
                "\"3\":{\"Throw\":{\"Error\":\"Batch.Throttled\",\"Cause\":\"x\"}}");
        ExecutionResult r = run(MACHINE.replace("\"MaxAttempts\":3", "\"MaxAttempts\":4"), "{}", TaskBindings.none(),
                ExecutionOptions.builder().mocks(MockConfig.parse(config).testCase("Saturday", "RetryPath")));
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("FlakyThenOk").contains("invocation 4").contains("'Train'");
    }

    @Test
    void configMistakesAreNamed() {
        assertThatThrownBy(() -> MockConfig.parse("""
                {"StateMachines":{"S":{"TestCases":{"C":{"Train":"Nope"}}}},"MockedResponses":{}}"""))
                .isInstanceOf(MockConfigException.class).hasMessageContaining("'S/C'").hasMessageContaining("'Nope'");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses":{"R":{"first":{"Return":1}}}}"""))
                .hasMessageContaining("mocked response 'R': key 'first'");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses":{"R":{"0-2":{"Return":1},"2":{"Return":2}}}}"""))
                .hasMessageContaining("overlap at 2");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses":{"R":{"0":{"Return":1,"Throw":{"Error":"E"}}}}}"""))
                .hasMessageContaining("exactly one of 'Return' or 'Throw'");
        assertThatThrownBy(() -> MockConfig.parse(CONFIG).testCase("Saturday", "Missing"))
                .hasMessageContaining("no test case 'Missing'").hasMessageContaining("RetryPath");
    }
}
