package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ChildExecution;
import io.saturdayzoo.asl.execution.ExecutionOptions;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.task.TaskBindings;
import io.saturdayzoo.asl.task.TaskFailedException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static io.saturdayzoo.asl.Asl.json;
import static io.saturdayzoo.asl.Asl.run;
import static io.saturdayzoo.asl.execution.HistoryEventType.*;
import static org.assertj.core.api.Assertions.assertThat;

class DistributedMapTest {
    /** A Map over $.items whose items run the Task "Work"; FIELDS is replaced by extra Map fields. */
    private static final String MAP = """
            {"StartAt":"M","States":{
              "M":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.results",FIELDS
                "ItemProcessor":{"ProcessorConfig":{"Mode":"MODE","ExecutionType":"STANDARD"},
                  "StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"work","End":true}}},
                "Next":"Done",
                "Catch":[{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"ResultPath":"$.error","Next":"TooManyFailed"}]},
              "Done":{"Type":"Succeed"},
              "TooManyFailed":{"Type":"Pass","End":true}}}""";

    private static String distributed(String fields) {
        return MAP.replace("FIELDS", fields).replace("MODE", "DISTRIBUTED");
    }

    private static String items(int count) {
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        return items.append("]}").toString();
    }

    /** Returns {"n": item} for every item, and fails the items listed. */
    private static TaskBindings work(List<Integer> called, int... failing) {
        return TaskBindings.builder().state("Work", inv -> {
            int n = inv.input().path("n").asInt(inv.input().asInt());
            called.add(n);
            for (int f : failing) {
                if (f == n) {
                    throw new TaskFailedException("ItemBroke", "item " + n);
                }
            }
            return json("{\"n\":" + n + "}");
        }).build();
    }

    @Test
    void eachItemRunsAsAChildExecutionWithItsOwnCompleteHistory() {
        List<String> executionIds = new CopyOnWriteArrayList<>();
        TaskBindings bindings = TaskBindings.builder().state("Work", inv -> {
            executionIds.add(inv.context().path("Execution").path("Id").asText());
            return json("{\"spec\":\"" + inv.input().get("spec").asText() + "\",\"run\":\""
                    + inv.input().get("run").asText() + "\"}");
        }).build();
        ExecutionResult r = run(distributed("""
                "Label":"Train","ItemSelector":{"spec.$":"$$.Map.Item.Value","run.$":"$.run"},"""),
                "{\"run\":\"r1\",\"items\":[\"a\",\"b\",\"c\"]}", bindings);

        assertThat(r.succeeded()).as("%s %s", r.error(), r.cause()).isTrue();
        assertThat(r.output().get("results")).isEqualTo(json("""
                [{"spec":"a","run":"r1"},{"spec":"b","run":"r1"},{"spec":"c","run":"r1"}]"""));
        // the parent records the Map Run, not the items
        assertThat(r.history()).extracting(HistoryEvent::type).containsExactly(ExecutionStarted, MapStateEntered,
                MapStateStarted, MapRunStarted, MapRunSucceeded, MapStateSucceeded, MapStateExited, SucceedStateEntered,
                SucceedStateExited, ExecutionSucceeded);
        String mapRunArn = r.events(MapRunStarted).get(0).details().get("mapRunArn").asText();
        assertThat(mapRunArn).startsWith("arn:aws:states:local:000000000000:mapRun:TestMachine/Train:");
        assertThat(r.events(MapRunSucceeded).get(0).details().get("succeeded").asInt()).isEqualTo(3);

        List<ChildExecution> children = r.childExecutions();
        assertThat(children).extracting(ChildExecution::index).containsExactly(0, 1, 2);
        assertThat(children).extracting(ChildExecution::mapRunArn).containsOnly(mapRunArn);
        assertThat(children).extracting(c -> c.result().executionArn()).doesNotHaveDuplicates()
                .allMatch(arn -> arn.startsWith("arn:aws:states:local:000000000000:execution:TestMachine/Train:"));
        assertThat(executionIds).containsExactlyInAnyOrderElementsOf(
                children.stream().map(c -> c.result().executionArn()).toList());
        for (ChildExecution child : children) {
            List<HistoryEvent> history = child.result().history();
            assertThat(history).extracting(HistoryEvent::type).containsExactly(ExecutionStarted, TaskStateEntered,
                    TaskScheduled, TaskStarted, TaskSucceeded, TaskStateExited, ExecutionSucceeded);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).id()).isEqualTo(i + 1);
                assertThat(history.get(i).previousEventId()).isEqualTo(i);
                assertThat(history.get(i).path()).isEmpty();
            }
            String spec = String.valueOf((char) ('a' + child.index()));
            assertThat(history.get(0).details().get("input")).isEqualTo(json("{\"spec\":\"" + spec + "\",\"run\":\"r1\"}"));
            assertThat(child.result().output()).isEqualTo(r.output().get("results").get(child.index()));
        }
        assertThat(r.allExecutions()).hasSize(4);
    }

    @Test
    void failuresWithinTheToleratedCountLeaveTheOtherItemsRunning() {
        List<Integer> called = new CopyOnWriteArrayList<>();
        ExecutionResult r = run(distributed("\"ToleratedFailureCount\":2,"), items(5), work(called, 1, 3));

        assertThat(r.succeeded()).isTrue();
        assertThat(called).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(r.output().get("results").get(0)).isEqualTo(json("{\"n\":0}"));
        assertThat(r.output().get("results").get(1).get("Status").asText()).isEqualTo("FAILED");
        assertThat(r.output().get("results").get(1).get("Error").asText()).isEqualTo("ItemBroke");
        assertThat(r.output().get("results").get(3).get("ExecutionArn").asText())
                .isEqualTo(r.childExecutions().get(3).result().executionArn());
        assertThat(r.childExecutions()).extracting(c -> c.result().status()).containsExactly(ExecutionStatus.SUCCEEDED,
                ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED);
        HistoryEvent runSucceeded = r.events(MapRunSucceeded).get(0);
        assertThat(runSucceeded.details().get("failed").asInt()).isEqualTo(2);
        assertThat(runSucceeded.details().get("succeeded").asInt()).isEqualTo(3);
        assertThat(r.childExecutions().get(1).result().events(ExecutionFailed)).singleElement()
                .satisfies(e -> assertThat(e.details().get("error").asText()).isEqualTo("ItemBroke"));
    }

    @Test
    void exceedingTheToleratedPercentageStartsNoFurtherItemAndFailsTheMap() {
        List<Integer> called = new CopyOnWriteArrayList<>();
        // one at a time: item 1 failing is 20% of 5 (tolerated), item 2 failing is 40% (not)
        ExecutionResult r = run(distributed("\"MaxConcurrency\":1,\"ToleratedFailurePercentage\":20,"), items(5),
                work(called, 1, 2));

        assertThat(called).containsExactly(0, 1, 2);
        assertThat(r.succeeded()).isTrue();
        assertThat(r.enteredStates()).containsExactly("M", "TooManyFailed");
        assertThat(r.output().at("/error/Error").asText()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(r.output().at("/error/Cause").asText()).contains("2 of 5", "ToleratedFailurePercentage 20");
        HistoryEvent runFailed = r.events(MapRunFailed).get(0);
        assertThat(runFailed.details().get("notStarted").asInt()).isEqualTo(2);
        assertThat(r.childExecutions()).hasSize(3);
    }

    @Test
    void withoutAThresholdOneFailedChildFailsTheMapAndAbortsTheRunningOnes() {
        CountDownLatch slowStarted = new CountDownLatch(1);
        TaskBindings bindings = TaskBindings.builder().state("Work", inv -> {
            if (inv.input().asText().equals("slow")) {
                slowStarted.countDown();
                Asl.awaitCancellation(inv);
                return inv.input();
            }
            Asl.await(slowStarted);
            throw new TaskFailedException("ItemBroke", "fail");
        }).build();
        ExecutionResult r = run(distributed(""), "{\"items\":[\"slow\",\"fail\"]}", bindings);

        assertThat(r.output().at("/error/Error").asText()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(r.output().at("/error/Cause").asText()).contains("1 of 2", "tolerated: none");
        ExecutionResult slow = r.childExecutions().get(0).result();
        assertThat(slow.status()).isEqualTo(ExecutionStatus.ABORTED);
        HistoryEvent aborted = slow.history().get(slow.history().size() - 1);
        assertThat(aborted.type()).isEqualTo(ExecutionAborted);
        assertThat(aborted.details().get("discardedTaskResult").asBoolean()).isTrue();
        assertThat(r.childExecutions().get(1).result().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.events(MapRunFailed).get(0).details().get("aborted").asInt()).isEqualTo(1);
    }

    @Test
    void atMostMaxConcurrencyChildrenRunAtOnce() {
        AtomicInteger peak = new AtomicInteger();
        ExecutionResult r = run(distributed("\"MaxConcurrency\":2,"), items(6),
                TaskBindings.builder().state("Work", Asl.meetingInPairs(peak)).build());

        assertThat(r.succeeded()).as("%s %s", r.error(), r.cause()).isTrue();
        assertThat(r.output().get("results")).isEqualTo(json("[0,1,2,3,4,5]"));
        assertThat(peak).hasValue(2);
    }

    @Test
    void queuedChildrenStartWhenASlotFreesOnTheVirtualClock() {
        String def = """
                {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"Next":"After",
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                    "StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}},
                 "After":{"Type":"Pass","End":true}}}""";
        ExecutionResult r = run(def, "[1,2,3]");

        assertThat(Asl.secondsAt(r, PassStateEntered, "After")).containsExactly(30L);
        assertThat(r.childExecutions()).extracting(c -> c.result().history().get(0).timestamp())
                .containsExactly(Asl.T0, Asl.T0.plusSeconds(10), Asl.T0.plusSeconds(20));
    }

    @Test
    void theListenerSeesChildEventsWhereAnInlineIterationWouldBe() {
        List<HistoryEvent> live = new CopyOnWriteArrayList<>();
        ExecutionResult r = run(distributed(""), items(2), work(new CopyOnWriteArrayList<>()),
                ExecutionOptions.builder().listener(live::add));

        assertThat(live).filteredOn(e -> e.type() == TaskSucceeded).extracting(HistoryEvent::path)
                .containsExactlyInAnyOrder("M/Iteration[0]", "M/Iteration[1]");
        assertThat(live).filteredOn(e -> e.type() == ExecutionStarted).extracting(HistoryEvent::path)
                .containsExactlyInAnyOrder("", "M/Iteration[0]", "M/Iteration[1]");
        int childEvents = r.childExecutions().stream().mapToInt(c -> c.result().history().size()).sum();
        assertThat(live).hasSize(r.history().size() + childEvents);
    }

    @Test
    void aFailingSiblingBranchAbortsTheMapRunAndItsChildren() {
        CountDownLatch childStarted = new CountDownLatch(1);
        ExecutionResult r = run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Fail","States":{"Fail":{"Type":"Task","Resource":"fail","End":true}}},
                  {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{
                     "ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                     "StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"work","End":true}}}}}}]}}}""",
                "[1,2]", TaskBindings.builder()
                        .state("Fail", inv -> {
                            Asl.await(childStarted);
                            throw new TaskFailedException("Boom", "branch 0");
                        })
                        .state("Work", inv -> {
                            childStarted.countDown();
                            Asl.awaitCancellation(inv);
                            return inv.input();
                        }).build());

        assertThat(r.error()).isEqualTo("Boom");
        assertThat(r.events(MapRunAborted)).hasSize(1);
        assertThat(r.events(ParallelBranchAborted)).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("P/Branches[1]"));
        assertThat(r.childExecutions()).isNotEmpty().allSatisfy(c ->
                assertThat(c.result().status()).isEqualTo(ExecutionStatus.ABORTED));
    }

    @Test
    void aThousandItemsRunAsChildrenWhileTheParentHistoryStaysConstant() {
        AtomicInteger calls = new AtomicInteger();
        TaskBindings trivial = TaskBindings.builder().state("Work", inv -> {
            calls.incrementAndGet();
            return inv.input();
        }).build();
        ExecutionResult distributed = run(distributed(""), items(1000), trivial);
        ExecutionResult inline = run(MAP.replace("FIELDS", "").replace("MODE", "INLINE"), items(1000), trivial);

        assertThat(calls).hasValue(2000);
        assertThat(distributed.output()).isEqualTo(inline.output());
        // inline: 8 events around the items plus 7 per item; distributed: 10 in the parent, 7 in each child
        assertThat(inline.history()).hasSize(8 + 7 * 1000);
        assertThat(distributed.history()).hasSize(10);
        assertThat(distributed.childExecutions()).hasSize(1000)
                .allSatisfy(c -> assertThat(c.result().history()).hasSize(7));
        assertThat(distributed.allExecutions()).extracting(ExecutionResult::executionArn).doesNotHaveDuplicates();
    }

    @Test
    void mockedResponsesAreNumberedAcrossChildExecutions() {
        String mocks = """
                {"StateMachines":{"TestMachine":{"TestCases":{"c":{"Work":"W"}}}},
                 "MockedResponses":{"W":{"0-1":{"Return":{"ok":true}},"2":{"Throw":{"Error":"Third","Cause":"c"}}}}}""";
        ExecutionResult r = run(distributed("\"MaxConcurrency\":1,\"ToleratedFailureCount\":1,"), items(3),
                TaskBindings.none(), ExecutionOptions.builder().mocks(
                        io.saturdayzoo.asl.mock.MockConfig.parse(mocks).testCase("TestMachine", "c")));

        assertThat(r.output().get("results").get(0)).isEqualTo(json("{\"ok\":true}"));
        assertThat(r.output().get("results").get(2).get("Error").asText()).isEqualTo("Third");
    }
}
