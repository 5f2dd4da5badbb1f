package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.mock.MockConfig;
import io.saturdayzoo.asl.mock.MockTestCase;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NotifySuccess after a good Saturday, with SNS failures injected: a transient error is retried until the notice
 * goes out; a notice that cannot be sent leaves the run succeeded (its models are registered and promoted) in its
 * own terminal, DoneWithoutNotice, with the error in the output.
 */
class SuccessNoticeTest {
    private static final int ROWS = 3_000;
    /** One pair of engines for the class; each case has a table and a bucket of its own on them. */
    @RegisterExtension
    static final SharedStores STORES = new SharedStores();

    @Test
    void aThrottledNoticeIsRetriedAndTheRunEndsInDone() {
        MockTestCase throttledTwice = notifySuccess("""
                {"0-1": {"Throw": {"Error": "SNS.ThrottledException", "Cause": "Rate exceeded"}},
                 "2": {"Return": {"MessageId": "m-1"}}}""");
        try (LocalSaturday saturday = STORES.saturday(ROWS).build()) {
            LocalRunReport report = saturday.run("{}", throttledTwice);

            assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.taskStarts("NotifySuccess")).isEqualTo(3);
            assertThat(report.enteredStates()).contains("Done").doesNotContain("DoneWithoutNotice");
            assertThat(report.output().has("notify_error")).isFalse();
        }
    }

    @Test
    void aNoticeThatCannotBeSentLeavesThePromotedRunSucceededAndSaysSo() {
        MockTestCase snsDown = notifySuccess("""
                {"0-99": {"Throw": {"Error": "SNS.InternalErrorException", "Cause": "Internal error"}}}""");
        try (LocalSaturday saturday = STORES.saturday(ROWS).build()) {
            LocalRunReport report = saturday.run("{}", snsDown);

            assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            // the first attempt and five retries
            assertThat(report.taskStarts("NotifySuccess")).isEqualTo(6);
            assertThat(report.enteredStates()).contains("EvalGate", "DoneWithoutNotice").doesNotContain("Done",
                    "HandleFailure");
            assertThat(report.output().at("/notify_error/Error").asText()).isEqualTo("SNS.InternalErrorException");
            assertThat(report.registered()).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.lifecycle()).isEqualTo(Lifecycle.CHAMPION));
        }
    }

    @Test
    void aNoticeRefusedForGoodIsNotRetried() {
        MockTestCase refused = notifySuccess("""
                {"0-99": {"Throw": {"Error": "SNS.AuthorizationErrorException", "Cause": "not authorized"}}}""");
        try (LocalSaturday saturday = STORES.saturday(ROWS).build()) {
            LocalRunReport report = saturday.run("{\"skip_research\": true}", refused);

            assertThat(report.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.taskStarts("NotifySuccess")).isEqualTo(1);
            assertThat(report.enteredStates()).contains("DoneWithoutNotice");
        }
    }

    private static MockTestCase notifySuccess(String responses) {
        return MockConfig.parse("{\"StateMachines\": {\"" + Scenarios.MACHINE + "\": {\"TestCases\": {\"case\": "
                        + "{\"NotifySuccess\": \"Notice\"}}}}, \"MockedResponses\": {\"Notice\": " + responses + "}}")
                .testCase(Scenarios.MACHINE, "case");
    }
}
