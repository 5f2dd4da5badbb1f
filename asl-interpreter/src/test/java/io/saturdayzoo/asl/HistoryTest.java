package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ExecutionOptions;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.task.TaskBindings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.saturdayzoo.asl.Asl.json;
import static io.saturdayzoo.asl.Asl.run;
import static io.saturdayzoo.asl.execution.HistoryEventType.*;
import static org.assertj.core.api.Assertions.assertThat;

class HistoryTest {

    @Test
    void aLinearRunRecordsGetExecutionHistoryShapedEvents() {
        List<HistoryEvent> live = new CopyOnWriteArrayList<>();
        ExecutionResult r = run("""
                {"StartAt":"Prepare","States":{
                  "Prepare":{"Type":"Pass","Next":"Work"},
                  "Work":{"Type":"Task","Resource":"arn:aws:lambda:r","Next":"Done"},
                  "Done":{"Type":"Succeed"}}}""", "{\"a\":1}",
                TaskBindings.builder().state("Work", inv -> json("{\"b\":2}")).build(),
                ExecutionOptions.builder().listener(live::add));
        assertThat(r.history()).extracting(HistoryEvent::type).containsExactly(
                ExecutionStarted, PassStateEntered, PassStateExited, TaskStateEntered, TaskScheduled, TaskStarted,
                TaskSucceeded, TaskStateExited, SucceedStateEntered, SucceedStateExited, ExecutionSucceeded);
        for (int i = 0; i < r.history().size(); i++) {
            assertThat(r.history().get(i).id()).isEqualTo(i + 1);
            assertThat(r.history().get(i).previousEventId()).isEqualTo(i);
            assertThat(r.history().get(i).timestamp()).isEqualTo(Asl.T0);
        }
        assertThat(r.events(TaskScheduled).get(0).details().get("resource").asText()).isEqualTo("arn:aws:lambda:r");
        assertThat(r.events(TaskStateExited).get(0).wallTime()).isNotNull();
        assertThat(live).isEqualTo(r.history());
    }

    @Test
    void branchEventsNameTheirPathAndChainToTheParallel() {
        ExecutionResult r = run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                  {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]}}}""", "{}");
        HistoryEvent started = r.events(ParallelStateStarted).get(0);
        HistoryEvent enteredB = r.history().stream().filter(e -> e.type() == PassStateEntered && "B".equals(e.stateName()))
                .findFirst().orElseThrow();
        assertThat(enteredB.path()).isEqualTo("P/Branches[1]");
        assertThat(enteredB.previousEventId()).isEqualTo(started.id());
        assertThat(r.events(ParallelStateSucceeded)).hasSize(1);
        assertThat(r.history().get(r.history().size() - 1).type()).isEqualTo(ExecutionSucceeded);
    }

    @Test
    void failuresAreRecordedWithErrorAndCause() {
        ExecutionResult r = run(Asl.single("{\"Type\":\"Fail\",\"Error\":\"Nope\",\"Cause\":\"because\"}"), "{}");
        assertThat(r.history()).extracting(HistoryEvent::type)
                .containsExactly(ExecutionStarted, FailStateEntered, StateFailed, ExecutionFailed);
        HistoryEvent failed = r.events(HistoryEventType.ExecutionFailed).get(0);
        assertThat(failed.details().get("error").asText()).isEqualTo("Nope");
        assertThat(failed.details().get("cause").asText()).isEqualTo("because");
        assertThat(r.failedStates()).containsExactly("S");
    }

    @Test
    void aThrowingListenerDoesNotChangeTheOutcome() {
        ExecutionResult r = run(Asl.single("{\"Type\":\"Pass\",\"End\":true}"), "{}", TaskBindings.none(),
                ExecutionOptions.builder().listener(e -> {
                    throw new IllegalStateException("display broke");
                }));
        assertThat(r.succeeded()).isTrue();
    }
}
