package io.saturdayzoo.local.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.asl.task.TaskInvocation;
import io.saturdayzoo.lambdas.validateinput.ValidateInputHandler;
import io.saturdayzoo.local.SaturdayServices;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture() throws IOException {
        try (InputStream in = BindingsTest.class.getResourceAsStream("/definition/saturday-fixture.asl.json")) {
            return JSON.readTree(in);
        }
    }

    private static TaskInvocation call(String state, String resource, String input) throws IOException {
        JsonNode context = JSON.readTree("{\"Execution\":{\"Name\":\"exec-1\"}}");
        return new TaskInvocation(state, resource, JSON.readTree(input), context, 0, Instant.EPOCH, () -> false, d -> { });
    }

    @Test
    void everyTaskOfEveryScopeIsBoundByNameAndAMissingFunctionIsNamedUpFront() throws IOException {
        SaturdayBindings bindings = SaturdayBindings.builder()
                .container((command, env, out, err) -> 0, Map.of())
                .notifications(new NotificationLog(null, null));
        for (String f : List.of("ValidateInput", "Preflight", "SummarizeResearch", "SelectRotation", "Registry", "EvalGate")) {
            bindings.lambda(f, (event, ctx) -> Map.of());
        }
        SaturdayBindings.Bound bound = bindings.bind(fixture());
        assertThat(bound.servedBy()).containsKeys("ValidateInput", "PreflightOnly", "Research", "TrainSpec",
                "RegisterCandidates", "HandleFailure", "NotifySuccess");
        assertThat(bound.servedBy().get("TrainSpec")).startsWith("Batch job");
        assertThat(bound.servedBy().get("RegisterCandidates")).startsWith("Lambda Registry");

        SaturdayBindings withoutEvalGate = SaturdayBindings.builder()
                .container((command, env, out, err) -> 0, Map.of())
                .notifications(new NotificationLog(null, null))
                .lambda("ValidateInput", (event, ctx) -> Map.of());
        assertThatThrownBy(() -> withoutEvalGate.bind(fixture()))
                .hasMessageContaining("Task state 'EvalGate'")
                .hasMessageContaining("Lambda EvalGate");
    }

    @Test
    void functionNamesAreReadFromFullAndLocalArnsWithOrWithoutQualifier() {
        assertThat(SaturdayBindings.functionName("arn:aws:lambda:us-east-1:123:function:SelectRotation:live"))
                .isEqualTo("SelectRotation");
        assertThat(SaturdayBindings.functionName("arn:aws:lambda:::function:EvalGate")).isEqualTo("EvalGate");
        assertThat(SaturdayBindings.functionName("Preflight")).isEqualTo("Preflight");
    }

    @Test
    void batchJobSubstitutesRefParametersAndReportsAFailedJobAsBatchDoes() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        BatchJobTask job = new BatchJobTask((command, env, out, err) -> {
            commands.add(command);
            jobIds.add(env.get("AWS_BATCH_JOB_ID"));
            if (command.contains("fraud-gbdt")) {
                err.println("loading data");
                err.println("saturday-trainer: failed: dataset 'x' not found");
                return 1;
            }
            return 0;
        }, Map.of("ZOO_BUCKET", "b"));
        String input = "{\"JobName\":\"saturday-train\",\"Parameters\":{\"spec_id\":\"%s\",\"execution_id\":\"e-1\"},"
                + "\"ContainerOverrides\":{\"Command\":[\"train\",\"--spec\",\"Ref::spec_id\",\"--execution-id\","
                + "\"Ref::execution_id\",\"Ref::unknown\"]}}";

        JsonNode ok = job.invoke(call("TrainSpec", "arn:aws:states:::batch:submitJob.sync", input.formatted("churn-gbdt")));
        assertThat(commands.get(0)).containsExactly("train", "--spec", "churn-gbdt", "--execution-id", "e-1", "Ref::unknown");
        assertThat(ok.path("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(ok.path("JobId").asText()).isEqualTo(jobIds.get(0)).isNotBlank();

        assertThatThrownBy(() -> job.invoke(call("TrainSpec", "arn:aws:states:::batch:submitJob.sync",
                input.formatted("fraud-gbdt"))))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.TaskFailed");
                    assertThat(e.errorCause()).contains("\"Status\":\"FAILED\"", "\"ExitCode\":1",
                            "saturday-trainer: failed: dataset 'x' not found").doesNotContain("loading data");
                });
    }

    @Test
    void aMultiNodeJobRunsItsNodesCommandAsOneProcessWithoutTheMultiNodeEnvironment() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        List<Map<String, String>> envs = new ArrayList<>();
        BatchJobTask job = new BatchJobTask((command, env, out, err) -> {
            commands.add(command);
            envs.add(env);
            return 0;
        }, Map.of("ZOO_BUCKET", "b"));
        String input = "{\"JobName\":\"saturday-train-nodes\",\"Parameters\":{\"spec_id\":\"wide-gbdt\","
                + "\"execution_id\":\"e-1\"},\"NodeOverrides\":{\"NumNodes\":3,\"NodePropertyOverrides\":[{"
                + "\"TargetNodes\":\"0:\",\"ContainerOverrides\":{\"Command\":[\"train\",\"--spec\","
                + "\"Ref::spec_id\",\"--execution-id\",\"Ref::execution_id\"]}}]}}";

        JsonNode ok = job.invoke(call("TrainSpecOnNodes", "arn:aws:states:::batch:submitJob.sync", input));

        assertThat(commands).containsExactly(List.of("train", "--spec", "wide-gbdt", "--execution-id", "e-1"));
        assertThat(envs.get(0)).doesNotContainKey("AWS_BATCH_JOB_NUM_NODES"); // the trainer trains alone
        assertThat(ok.path("Status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aBatchTaskWithoutACommandFailsNamingTheState() {
        BatchJobTask job = new BatchJobTask((command, env, out, err) -> 0, Map.of());
        assertThatThrownBy(() -> job.invoke(call("Research", "arn:aws:states:::batch:submitJob.sync", "{}")))
                .hasMessageContaining("Batch Task 'Research'").hasMessageContaining("ContainerOverrides.Command");
    }

    @Test
    void lambdaTaskPassesThePayloadAndNamesHandlerErrorsAsTheDefinitionCatchesThem() throws Exception {
        LambdaTask validate = new LambdaTask("ValidateInput", new ValidateInputHandler(Map.of()),
                SaturdayServices::lambdaError);
        JsonNode accepted = validate.invoke(call("ValidateInput", "arn:aws:lambda:::function:ValidateInput",
                "{\"input\": {\"skip_research\": true}}"));
        assertThat(accepted.isObject()).isTrue();

        assertThatThrownBy(() -> validate.invoke(call("ValidateInput", "arn:aws:lambda:::function:ValidateInput",
                "{\"input\": {\"budget\": -1}}")))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("InvalidInput");
                    assertThat(e.errorCause()).contains("\"errorMessage\"", "budget");
                });

        LambdaTask echo = new LambdaTask("Echo", (event, ctx) -> Map.of("seen", event), SaturdayServices::lambdaError);
        JsonNode wrapped = echo.invoke(call("Echo", LambdaTask.INVOKE_RESOURCE,
                "{\"FunctionName\":\"Echo\",\"Payload\":{\"a\":1}}"));
        assertThat(wrapped.path("StatusCode").asInt()).isEqualTo(200);
        assertThat(wrapped.path("Payload").path("seen").path("a").asInt()).isEqualTo(1);

        LambdaTask crashing = new LambdaTask("Crash", (event, ctx) -> {
            throw new IllegalStateException("boom");
        }, SaturdayServices::lambdaError);
        assertThatThrownBy(() -> crashing.invoke(call("Crash", "arn:aws:lambda:::function:Crash", "{}")))
                .isInstanceOfSatisfying(TaskFailedException.class,
                        e -> assertThat(e.error()).isEqualTo("java.lang.IllegalStateException"));
    }

    @Test
    void notificationsAreAppendedAsJsonLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        NotificationLog log = new NotificationLog(dir.resolve("n/notifications.jsonl"), null);
        NotificationTask sns = new NotificationTask(log);
        sns.invoke(call("HandleFailure", "arn:aws:states:::sns:publish",
                "{\"TopicArn\":\"arn:aws:sns:::Alerts\",\"Subject\":\"failed\",\"Message\":\"research FAILED\"}"));
        sns.invoke(call("NotifySuccess", "arn:aws:states:::sns:publish",
                "{\"TopicArn\":\"arn:aws:sns:::Alerts\",\"Message\":{\"ok\":true}}"));
        List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("n/notifications.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).path("message").asText()).isEqualTo("research FAILED");
        assertThat(JSON.readTree(lines.get(1)).path("message").asText()).isEqualTo("{\"ok\":true}");
        assertThat(log.published()).extracting(NotificationLog.Notification::executionId).containsOnly("exec-1");
    }
}
