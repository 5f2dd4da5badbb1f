package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEventType;
import org.junit.jupiter.api.Test;

import static io.saturdayzoo.asl.Asl.run;
import static io.saturdayzoo.asl.Asl.secondsAt;
import static org.assertj.core.api.Assertions.assertThat;

class WaitAndTimeoutTest {

    @Test
    void waitFieldsAdvanceTheVirtualClockWithoutSleeping() {
        ExecutionResult r = run("""
                {"StartAt":"W1","States":{
                  "W1":{"Type":"Wait","Seconds":30,"Next":"W2"},
                  "W2":{"Type":"Wait","SecondsPath":"$.pause","Next":"W3"},
                  "W3":{"Type":"Wait","Timestamp":"2026-01-03T07:00:00Z","Next":"W4"},
                  "W4":{"Type":"Wait","TimestampPath":"$.until","Next":"W5"},
                  "W5":{"Type":"Wait","Timestamp":"2020-01-01T00:00:00Z","Next":"End"},
                  "End":{"Type":"Pass","End":true}}}""",
                "{\"pause\":90,\"until\":\"2026-01-03T08:00:00+00:00\"}");
        assertThat(r.succeeded()).isTrue();
        assertThat(secondsAt(r, HistoryEventType.WaitStateExited, "W1")).containsExactly(30L);
        assertThat(secondsAt(r, HistoryEventType.WaitStateExited, "W2")).containsExactly(120L);
        assertThat(secondsAt(r, HistoryEventType.WaitStateExited, "W3")).containsExactly(3600L);
        assertThat(secondsAt(r, HistoryEventType.WaitStateExited, "W4")).containsExactly(7200L);
        // a timestamp in the past does not wait at all
        assertThat(secondsAt(r, HistoryEventType.WaitStateExited, "W5")).containsExactly(7200L);
    }

    @Test
    void badSecondsPathIsStatesRuntime() {
        ExecutionResult r = run(Asl.single("{\"Type\":\"Wait\",\"SecondsPath\":\"$.pause\",\"End\":true}"),
                "{\"pause\":\"soon\"}");
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("SecondsPath");
    }

    @Test
    void executionTimeoutSecondsEndsTheRunAsTimedOut() {
        ExecutionResult r = run("""
                {"TimeoutSeconds":60,"StartAt":"W","States":{
                  "W":{"Type":"Wait","Seconds":61,"Next":"Never"},
                  "Never":{"Type":"Pass","End":true}}}""", "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(r.error()).isEqualTo("States.Timeout");
        assertThat(r.enteredStates()).containsExactly("W");
        assertThat(r.events(HistoryEventType.ExecutionTimedOut)).hasSize(1);
    }
}
