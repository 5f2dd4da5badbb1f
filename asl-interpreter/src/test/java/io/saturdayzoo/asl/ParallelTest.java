package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ExecutionOptions;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.task.TaskBindings;
import io.saturdayzoo.asl.task.TaskFailedException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.saturdayzoo.asl.Asl.json;
import static io.saturdayzoo.asl.Asl.run;
import static org.assertj.core.api.Assertions.assertThat;

class ParallelTest {
    /** Two branches: A fails in FailA; B runs SlowB then AfterB. The Parallel optionally catches. */
    private static final String TWO_BRANCHES = """
            {"StartAt":"Fanout","States":{
              "Fanout":{"Type":"Parallel","Next":"Joined","ResultPath":"$.branches",
                "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":0}],
                "Catch":[{"ErrorEquals":["BranchAError"],"ResultPath":"$.error","Next":"HandleFailure"}],
                "Branches":[
                  {"StartAt":"FailA","States":{"FailA":{"Type":"Task","Resource":"a","End":true}}},
                  {"StartAt":"SlowB","States":{
                     "SlowB":{"Type":"Task","Resource":"b","Next":"AfterB"},
                     "AfterB":{"Type":"Pass","End":true}}}]},
              "Joined":{"Type":"Succeed"},
              "HandleFailure":{"Type":"Pass","End":true}}}""";

    @Test
    void branchOutputsAreCollectedInBranchOrder() {
        ExecutionResult r = run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
                  "Parameters":{"v.$":"$.v"},"ResultSelector":{"first.$":"$[0]","second.$":"$[1].w"},
                  "Branches":[
                    {"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.v","End":true}}},
                    {"StartAt":"B","States":{"B":{"Type":"Pass","Parameters":{"w.$":"$.v"},"End":true}}}]}}}""",
                "{\"v\":3,\"ignored\":true}");
        assertThat(r.output()).isEqualTo(json("{\"first\":3,\"second\":3}"));
    }

    @Test
    void aFailingBranchCancelsItsSiblingAndDiscardsTheRunningTaskResult() {
        CountDownLatch slowStarted = new CountDownLatch(1);
        AtomicBoolean slowSawCancellation = new AtomicBoolean();
        TaskBindings bindings = TaskBindings.builder()
                .state("FailA", inv -> {
                    Asl.await(slowStarted);
                    throw new TaskFailedException("BranchAError", "training data missing");
                })
                .state("SlowB", inv -> {
                    slowStarted.countDown();
                    Asl.awaitCancellation(inv);
                    slowSawCancellation.set(inv.isCancelled());
                    return json("\"finished anyway\"");
                })
                .build();
        ExecutionResult r = run(TWO_BRANCHES.replace("\"BranchAError\"]", "\"NotThisOne\"]"), "{}", bindings);

        assertThat(r.error()).isEqualTo("BranchAError");
        assertThat(r.cause()).isEqualTo("training data missing");
        assertThat(slowSawCancellation).isTrue();
        assertThat(r.enteredStates()).doesNotContain("AfterB", "Joined", "HandleFailure");
        assertThat(r.events(HistoryEventType.TaskSucceeded)).isEmpty();
        HistoryEvent aborted = r.events(HistoryEventType.ParallelBranchAborted).get(0);
        assertThat(aborted.stateName()).isEqualTo("SlowB");
        assertThat(aborted.path()).isEqualTo("Fanout/Branches[1]");
        assertThat(aborted.details().get("discardedTaskResult").asBoolean()).isTrue();
        assertThat(r.events(HistoryEventType.ParallelStateFailed)).singleElement()
                .satisfies(e -> assertThat(e.details().get("error").asText()).isEqualTo("BranchAError"));
        // the Parallel fails only after its cancelled branch has stopped
        assertThat(aborted.id()).isLessThan(r.events(HistoryEventType.ParallelStateFailed).get(0).id());
    }

    @Test
    void theParallelCatchRunsAfterEveryBranchStoppedAndRetryZeroNeverReruns() {
        AtomicInteger failACalls = new AtomicInteger();
        CountDownLatch slowStarted = new CountDownLatch(1);
        TaskBindings bindings = TaskBindings.builder()
                .state("FailA", inv -> {
                    failACalls.incrementAndGet();
                    Asl.await(slowStarted);
                    throw new TaskFailedException("BranchAError", "boom");
                })
                .state("SlowB", inv -> {
                    slowStarted.countDown();
                    Asl.awaitCancellation(inv);
                    return json("{}");
                })
                .build();
        ExecutionResult r = run(TWO_BRANCHES, "{\"run\":1}", bindings);
        assertThat(r.succeeded()).isTrue();
        assertThat(failACalls).hasValue(1);
        assertThat(r.output()).isEqualTo(json("{\"run\":1,\"error\":{\"Error\":\"BranchAError\",\"Cause\":\"boom\"}}"));
        List<HistoryEvent> history = r.history();
        long abortedId = r.events(HistoryEventType.ParallelBranchAborted).get(0).id();
        long handlerEntered = history.stream().filter(e -> "HandleFailure".equals(e.stateName())).findFirst()
                .orElseThrow().id();
        assertThat(abortedId).isLessThan(handlerEntered);
    }

    @Test
    void aBranchThatCatchesItsOwnFailureLeavesItsSiblingUntouched() {
        ExecutionResult r = run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Research","States":{
                     "Research":{"Type":"Task","Resource":"research","End":true,
                        "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"BranchAFailed"}]},
                     "BranchAFailed":{"Type":"Pass","Parameters":{"branch_a_status":"FAILED","error.$":"$.error"},"End":true}}},
                  {"StartAt":"Train","States":{
                     "Train":{"Type":"Task","Resource":"train","Next":"BranchBComplete"},
                     "BranchBComplete":{"Type":"Pass","Parameters":{"branch_b_status":"OK","trained.$":"$.trained"},"End":true}}}]}}}""",
                "{}", TaskBindings.builder()
                        .state("Research", inv -> {
                            throw new TaskFailedException("ResearchFailed", "no report");
                        })
                        .state("Train", inv -> json("{\"trained\":3}"))
                        .build());
        assertThat(r.succeeded()).isTrue();
        assertThat(r.output()).isEqualTo(json("""
                [{"branch_a_status":"FAILED","error":{"Error":"ResearchFailed","Cause":"no report"}},
                 {"branch_b_status":"OK","trained":3}]"""));
    }

    @Test
    void branchesRunOnTheirOwnVirtualClocksAndTheParallelEndsWithTheLatest() {
        ExecutionResult r = run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"After","Branches":[
                  {"StartAt":"Short","States":{"Short":{"Type":"Wait","Seconds":10,"End":true}}},
                  {"StartAt":"Long","States":{"Long":{"Type":"Wait","Seconds":100,"End":true}}}]},
                 "After":{"Type":"Pass","End":true}}}""", "{}");
        assertThat(Asl.secondsAt(r, HistoryEventType.WaitStateExited, "Short")).containsExactly(10L);
        assertThat(Asl.secondsAt(r, HistoryEventType.PassStateEntered, "After")).containsExactly(100L);
    }

    @Test
    void branchesReallyRunConcurrently() {
        // each branch waits for the other: this completes only if both run at the same time
        CountDownLatch both = new CountDownLatch(2);
        TaskBindings bindings = TaskBindings.builder().resource("meet", inv -> {
            both.countDown();
            try {
                return json(String.valueOf(both.await(10, TimeUnit.SECONDS)));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).build();
        ExecutionResult r = run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"meet","End":true}}},
                  {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"meet","End":true}}}]}}}""", "{}", bindings,
                ExecutionOptions.builder());
        assertThat(r.output()).isEqualTo(json("[true,true]"));
    }
}
