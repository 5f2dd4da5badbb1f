package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.task.TaskBindings;
import org.junit.jupiter.api.Test;

import static io.saturdayzoo.asl.Asl.json;
import static io.saturdayzoo.asl.Asl.run;
import static io.saturdayzoo.asl.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;

class DataFlowTest {

    @Test
    void passResultIsPlacedAtResultPathInsideTheRawInput() {
        ExecutionResult r = run(single("""
                {"Type":"Pass","Result":{"x":1},"ResultPath":"$.deep.er","End":true}"""), "{\"keep\":true}");
        assertThat(r.output()).isEqualTo(json("{\"keep\":true,\"deep\":{\"er\":{\"x\":1}}}"));
    }

    @Test
    void passWithoutResultEchoesItsParameters() {
        ExecutionResult r = run(single("""
                {"Type":"Pass","Parameters":{"fixed":"v","copied.$":"$.a","name.$":"$$.Execution.Name",
                  "state.$":"$$.State.Name","list":[{"inner.$":"$.a"}]},"End":true}"""), "{\"a\":7}");
        assertThat(r.output()).isEqualTo(json(
                "{\"fixed\":\"v\",\"copied\":7,\"name\":\"run-1\",\"state\":\"S\",\"list\":[{\"inner\":7}]}"));
    }

    @Test
    void contextObjectCarriesExecutionIdentityAndStartTime() {
        ExecutionResult r = run(single("""
                {"Type":"Pass","Parameters":{"id.$":"$$.Execution.Id","start.$":"$$.Execution.StartTime",
                  "input.$":"$$.Execution.Input","machine.$":"$$.StateMachine.Name"},"End":true}"""), "{\"q\":1}");
        assertThat(r.output().get("id").asText())
                .isEqualTo("arn:aws:states:local:000000000000:execution:TestMachine:run-1");
        assertThat(r.output().get("start").asText()).isEqualTo("2026-01-03T06:00:00Z");
        assertThat(r.output().get("input")).isEqualTo(json("{\"q\":1}"));
        assertThat(r.output().get("machine").asText()).isEqualTo("TestMachine");
    }

    @Test
    void inputPathOutputPathAndNullPaths() {
        assertThat(run(single("""
                {"Type":"Pass","InputPath":"$.in","OutputPath":"$.v","End":true}"""), "{\"in\":{\"v\":3}}")
                .output().asInt()).isEqualTo(3);
        assertThat(run(single("""
                {"Type":"Pass","InputPath":null,"End":true}"""), "{\"a\":1}").output()).isEqualTo(json("{}"));
        assertThat(run(single("""
                {"Type":"Pass","OutputPath":null,"End":true}"""), "{\"a\":1}").output()).isEqualTo(json("{}"));
        assertThat(run(single("""
                {"Type":"Pass","Result":"dropped","ResultPath":null,"End":true}"""), "{\"a\":1}").output())
                .isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void taskResultSelectorThenResultPath() {
        TaskBindings bindings = TaskBindings.builder()
                .resource("arn:aws:lambda:eu-west-1:1:function:f", inv -> json("{\"Payload\":{\"n\":5},\"meta\":1}"))
                .build();
        ExecutionResult r = run(single("""
                {"Type":"Task","Resource":"arn:aws:lambda:eu-west-1:1:function:f",
                 "ResultSelector":{"n.$":"$.Payload.n"},"ResultPath":"$.res","End":true}"""), "{\"a\":1}", bindings);
        assertThat(r.output()).isEqualTo(json("{\"a\":1,\"res\":{\"n\":5}}"));
    }

    @Test
    void resultPathIntoAScalarIsResultPathMatchFailure() {
        ExecutionResult r = run(single("""
                {"Type":"Pass","Result":1,"ResultPath":"$.a.b","End":true}"""), "{\"a\":\"text\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("States.ResultPathMatchFailure");
        assertThat(r.cause()).contains("$.a.b");
    }

    @Test
    void missingParameterPathIsParameterPathFailureAndCatchable() {
        ExecutionResult r = run("""
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"r","Parameters":{"x.$":"$.missing"},"Next":"Ok",
                       "Catch":[{"ErrorEquals":["States.ParameterPathFailure"],"ResultPath":"$.err","Next":"Caught"}]},
                  "Ok":{"Type":"Succeed"},"Caught":{"Type":"Succeed"}}}""", "{\"a\":1}",
                TaskBindings.builder().state("T", inv -> inv.input()).build());
        assertThat(r.succeeded()).isTrue();
        assertThat(r.output().at("/err/Error").asText()).isEqualTo("States.ParameterPathFailure");
        assertThat(r.output().at("/err/Cause").asText()).contains("$.missing").contains("x.$");
        assertThat(r.enteredStates()).containsExactly("T", "Caught");
    }

    @Test
    void missingInputPathIsStatesRuntimeWhichNoCatchHandles() {
        ExecutionResult r = run("""
                {"StartAt":"T","States":{
                  "T":{"Type":"Pass","InputPath":"$.missing","Next":"Ok"},
                  "Ok":{"Type":"Succeed"}}}""", "{}");
        assertThat(r.error()).isEqualTo("States.Runtime");
        ExecutionResult task = run("""
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"r","InputPath":"$.missing","Next":"Ok",
                       "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Ok"}]},
                  "Ok":{"Type":"Succeed"}}}""", "{}", TaskBindings.builder().state("T", inv -> inv.input()).build());
        assertThat(task.error()).isEqualTo("States.Runtime");
        assertThat(task.enteredStates()).containsExactly("T");
    }

    @Test
    void unboundTaskIsStatesRuntimeNamingTheState() {
        ExecutionResult r = run(single("""
                {"Type":"Task","Resource":"arn:aws:states:::batch:submitJob.sync","End":true}"""), "{}");
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("'S'").contains("batch:submitJob.sync");
    }

    @Test
    void bindingsResolveByStateNameThenResourceThenLongestPrefix() {
        TaskBindings bindings = TaskBindings.builder()
                .resourcePrefix("arn:aws:states:::batch", inv -> json("\"short-prefix\""))
                .resourcePrefix("arn:aws:states:::batch:submitJob", inv -> json("\"long-prefix\""))
                .resource("arn:aws:lambda:x", inv -> json("\"resource\""))
                .state("Named", inv -> json("\"state\""))
                .build();
        String def = """
                {"StartAt":"Named","States":{
                  "Named":{"Type":"Task","Resource":"arn:aws:lambda:x","ResultPath":"$.a","Next":"ByArn"},
                  "ByArn":{"Type":"Task","Resource":"arn:aws:lambda:x","ResultPath":"$.b","Next":"ByPrefix"},
                  "ByPrefix":{"Type":"Task","Resource":"arn:aws:states:::batch:submitJob.sync","ResultPath":"$.c","End":true}}}""";
        assertThat(run(def, "{}", bindings).output())
                .isEqualTo(json("{\"a\":\"state\",\"b\":\"resource\",\"c\":\"long-prefix\"}"));
    }

    @Test
    void handlerExceptionBecomesALambdaStyleError() {
        ExecutionResult r = run(single("""
                {"Type":"Task","Resource":"r","End":true}"""), "{}", TaskBindings.builder()
                .state("S", inv -> {
                    throw new IllegalStateException("registry unreachable");
                }).build());
        assertThat(r.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json(r.cause()).get("errorMessage").asText()).isEqualTo("registry unreachable");
    }

    @Test
    void taskInputIsTheEffectiveInputAndHandlersCannotCorruptState() {
        ExecutionResult r = run("""
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"r","InputPath":"$.job","Parameters":{"id.$":"$.id","attempt.$":"$$.State.RetryCount"},
                       "ResultPath":"$.seen","Next":"After"},
                  "After":{"Type":"Pass","End":true}}}""", "{\"job\":{\"id\":\"j1\"}}", TaskBindings.builder()
                .state("T", inv -> {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) inv.input()).put("mutated", true);
                    return inv.input();
                }).build());
        assertThat(r.output()).isEqualTo(json(
                "{\"job\":{\"id\":\"j1\"},\"seen\":{\"id\":\"j1\",\"attempt\":0,\"mutated\":true}}"));
    }

    @Test
    void failStateUsesErrorPathAndCausePath() {
        ExecutionResult r = run(single("""
                {"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('spec {} failed', $.id)"}"""),
                "{\"e\":\"SpecsFailed\",\"id\":\"churn\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("SpecsFailed");
        assertThat(r.cause()).isEqualTo("spec churn failed");
        ExecutionResult fixed = run(single("{\"Type\":\"Fail\",\"Error\":\"InvalidInput\",\"Cause\":\"field 'x'\"}"), "{}");
        assertThat(fixed.error()).isEqualTo("InvalidInput");
        assertThat(fixed.cause()).isEqualTo("field 'x'");
    }

    @Test
    void succeedStateAppliesInputAndOutputPath() {
        assertThat(run(single("""
                {"Type":"Succeed","InputPath":"$.a","OutputPath":"$.b"}"""), "{\"a\":{\"b\":[1]}}").output())
                .isEqualTo(json("[1]"));
    }
}
