package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.task.TaskBindings;
import io.saturdayzoo.asl.task.TaskFailedException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.saturdayzoo.asl.Asl.json;
import static io.saturdayzoo.asl.Asl.run;
import static org.assertj.core.api.Assertions.assertThat;

class MapTest {

    @Test
    void itemSelectorSeesTheMapItemContextAndResultsKeepItemOrder() {
        ExecutionResult r = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.rotation.selected","ResultPath":"$.results",
                  "ItemSelector":{"spec_id.$":"$$.Map.Item.Value.spec_id","index.$":"$$.Map.Item.Index","exec.$":"$.exec"},
                  "ItemProcessor":{"StartAt":"Train","States":{"Train":{"Type":"Task","Resource":"train","End":true}}},
                  "End":true}}}""",
                "{\"exec\":\"e1\",\"rotation\":{\"selected\":[{\"spec_id\":\"a\"},{\"spec_id\":\"b\"},{\"spec_id\":\"c\"}]}}",
                TaskBindings.builder().state("Train", inv -> json("{\"spec_id\":\"" + inv.input().get("spec_id").asText()
                        + "\",\"index\":" + inv.input().get("index") + ",\"exec\":\"" + inv.input().get("exec").asText() + "\"}")).build());
        assertThat(r.output().get("results")).isEqualTo(json("""
                [{"spec_id":"a","index":0,"exec":"e1"},{"spec_id":"b","index":1,"exec":"e1"},{"spec_id":"c","index":2,"exec":"e1"}]"""));
    }

    @Test
    void legacyIteratorAndParametersAreSupported() {
        ExecutionResult r = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","Parameters":{"v.$":"$$.Map.Item.Value"},
                  "Iterator":{"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$.v","End":true}}},
                  "ResultSelector":{"count.$":"States.ArrayLength($)"},"End":true}}}""", "[5,6]");
        assertThat(r.output()).isEqualTo(json("{\"count\":2}"));
    }

    @Test
    void perItemCatchKeepsOneItemsFailureFromAbortingTheRest() {
        ExecutionResult r = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"Train","States":{
                  "Train":{"Type":"Task","Resource":"train","Next":"RecordSpecTrained",
                     "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"RecordSpecFailed"}]},
                  "RecordSpecTrained":{"Type":"Pass","Parameters":{"spec_id.$":"$.spec_id","status":"OK"},"End":true},
                  "RecordSpecFailed":{"Type":"Pass","Parameters":{"spec_id.$":"$.spec_id","status":"FAILED","error.$":"$.error.Error"},"End":true}}}}}}""",
                "[{\"spec_id\":\"a\"},{\"spec_id\":\"b\"},{\"spec_id\":\"c\"}]",
                TaskBindings.builder().state("Train", inv -> {
                    if (inv.input().get("spec_id").asText().equals("b")) {
                        throw new TaskFailedException("TrainingFailed", "b diverged");
                    }
                    return inv.input();
                }).build());
        assertThat(r.output()).isEqualTo(json("""
                [{"spec_id":"a","status":"OK"},{"spec_id":"b","status":"FAILED","error":"TrainingFailed"},{"spec_id":"c","status":"OK"}]"""));
    }

    @Test
    void anUnhandledItemFailureFailsTheMapAndStartsNoFurtherItems() {
        List<Integer> called = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutionResult r = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"Next":"After",
                  "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"t","End":true}}}},
                 "After":{"Type":"Pass","End":true}}}""", "[0,1,2,3,4]",
                TaskBindings.builder().state("T", inv -> {
                    called.add(inv.input().asInt());
                    if (inv.input().asInt() == 1) {
                        throw new TaskFailedException("ItemBroke", "item 1");
                    }
                    return inv.input();
                }).build());
        assertThat(r.error()).isEqualTo("ItemBroke");
        assertThat(called).containsExactly(0, 1);
        assertThat(r.events(HistoryEventType.MapIterationFailed)).singleElement()
                .satisfies(e -> assertThat(e.details().get("index").asInt()).isEqualTo(1));
        assertThat(r.events(HistoryEventType.MapStateFailed)).hasSize(1);
        assertThat(r.enteredStates()).doesNotContain("After");
    }

    @Test
    void anItemFailureAbortsIterationsStillRunning() {
        CountDownLatch slowStarted = new CountDownLatch(1);
        ExecutionResult r = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
                  "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"t","Next":"After"},
                                                           "After":{"Type":"Pass","End":true}}}}}}""", "[\"slow\",\"fail\"]",
                TaskBindings.builder().state("T", inv -> {
                    try {
                        if (inv.input().asText().equals("slow")) {
                            slowStarted.countDown();
                            for (int i = 0; i < 2000 && !inv.isCancelled(); i++) {
                                Thread.sleep(5);
                            }
                            return inv.input();
                        }
                        slowStarted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new TaskFailedException("ItemBroke", "fail");
                }).build());
        assertThat(r.error()).isEqualTo("ItemBroke");
        HistoryEvent aborted = r.events(HistoryEventType.MapIterationAborted).get(0);
        assertThat(aborted.details().get("index").asInt()).isZero();
        assertThat(aborted.details().get("discardedTaskResult").asBoolean()).isTrue();
        assertThat(aborted.path()).isEqualTo("M/Iteration[0]");
        assertThat(r.enteredStates()).doesNotContain("After");
    }

    @Test
    void maxConcurrencyIsRespected() {
        AtomicInteger peak = new AtomicInteger();
        ExecutionResult r = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"End":true,
                  "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"t","End":true}}}}}}""",
                "[1,2,3,4,5,6]", TaskBindings.builder().state("T", Asl.meetingInPairs(peak)).build());
        assertThat(r.succeeded()).as("%s %s", r.error(), r.cause()).isTrue();
        assertThat(r.output()).isEqualTo(json("[1,2,3,4,5,6]"));
        assertThat(peak).hasValue(2);
    }

    @Test
    void maxConcurrencyPathAndVirtualTimeOfQueuedItems() {
        // 3 items of 10 virtual seconds each, one at a time: the Map ends at 30 s; unbounded it ends at 10 s
        String def = """
                {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrencyPath":"$.limit","ItemsPath":"$.items","Next":"After",
                  "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}},
                 "After":{"Type":"Pass","End":true}}}""";
        ExecutionResult serial = run(def, "{\"limit\":1,\"items\":[1,2,3]}");
        ExecutionResult unbounded = run(def, "{\"limit\":0,\"items\":[1,2,3]}");
        assertThat(Asl.secondsAt(serial, HistoryEventType.PassStateEntered, "After")).containsExactly(30L);
        assertThat(Asl.secondsAt(unbounded, HistoryEventType.PassStateEntered, "After")).containsExactly(10L);
    }

    @Test
    void itemsPathMustSelectAnArray() {
        ExecutionResult r = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","End":true,
                  "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}""", "{\"items\":\"x\"}");
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("ItemsPath must select an array");
    }

    @Test
    void emptyItemsGiveAnEmptyResult() {
        ExecutionResult r = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
                  "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}""", "[]");
        assertThat(r.output()).isEqualTo(json("[]"));
    }

    @Test
    void nestedMapInsideParallelIsCancelledWithItsBranch() {
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        CountDownLatch itemStarted = new CountDownLatch(1);
        ExecutionResult r = run("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Fail","States":{"Fail":{"Type":"Task","Resource":"fail","End":true}}},
                  {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"End":true,
                     "ItemProcessor":{"StartAt":"Item","States":{"Item":{"Type":"Task","Resource":"item","End":true}}}}}}]}}}""",
                "[1,2,3]", TaskBindings.builder()
                        .state("Fail", inv -> {
                            try {
                                itemStarted.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            throw new TaskFailedException("Boom", "branch 0");
                        })
                        .state("Item", inv -> {
                            ran.add(inv.input().asText());
                            itemStarted.countDown();
                            for (int i = 0; i < 2000 && !inv.isCancelled(); i++) {
                                try {
                                    Thread.sleep(5);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return inv.input();
                        }).build());
        assertThat(r.error()).isEqualTo("Boom");
        assertThat(ran).containsExactly("1");
        assertThat(r.events(HistoryEventType.MapIterationAborted)).hasSize(1);
        assertThat(r.events(HistoryEventType.ParallelBranchAborted)).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("P/Branches[1]"));
    }
}
