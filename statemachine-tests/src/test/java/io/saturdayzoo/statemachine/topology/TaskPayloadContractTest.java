package io.saturdayzoo.statemachine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.infra.definition.DefinitionDocument;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import io.saturdayzoo.infra.statemachine.TrainModelVersionDefinition;
import io.saturdayzoo.local.SaturdayServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The payloads the synthesized definitions hand each Lambda read into that function's payload record, and what the
 * definitions read back from each answer is in its answer record: Saturday with inline and with distributed Maps,
 * and TrainModelVersion.
 */
class TaskPayloadContractTest {

    static TaskPayloads contract;
    static Map<String, JsonNode> definitions;

    @BeforeAll
    static void bindHandlers() {
        // the handlers exactly as the local runner binds them; nothing here calls a store
        Map<String, String> env = Map.of(ZooEnv.TABLE, "contract-table", ZooEnv.BUCKET, "contract-bucket",
                AwsClients.ENDPOINT_DYNAMODB, "http://127.0.0.1:9", AwsClients.ENDPOINT_S3, "http://127.0.0.1:9",
                "AWS_REGION", "us-east-1");
        contract = new TaskPayloads(TaskPayloads.typed(SaturdayServices.lambdas(env)));
        SynthesizedOnce.Synth inline = SynthesizedOnce.defaults();
        definitions = Map.of(
                "Saturday (inline Maps)", inline.definition(),
                "Saturday (distributed Maps)", SynthesizedOnce.with(Map.of("maxSpecsPerSaturday", 1000)).definition(),
                "TrainModelVersion", DefinitionDocument.fromTemplateTree(inline.template(),
                        TrainModelVersionDefinition.NAME).tree());
    }

    @Test
    void everyLambdaTaskPayloadReadsIntoItsFunctionsRecord() {
        List<String> problems = new ArrayList<>();
        int tasks = 0;
        for (Map.Entry<String, JsonNode> definition : definitions.entrySet()) {
            for (TaskPayloads.LambdaTask task : TaskPayloads.lambdaTasks(definition.getValue())) {
                tasks++;
                contract.payloadProblems(task).forEach(p -> problems.add(definition.getKey() + ": " + p));
            }
        }
        assertThat(problems).isEmpty();
        // the walk found the Tasks: both Saturdays' eight and TrainModelVersion's eight
        assertThat(tasks).isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyFunctionTheDefinitionsInvokeIsTyped() {
        for (JsonNode definition : definitions.values()) {
            for (TaskPayloads.LambdaTask task : TaskPayloads.lambdaTasks(definition)) {
                assertThat(contract.typedFunctions()).as(task.where()).contains(task.function());
            }
        }
    }

    @Test
    void everyFieldTheDefinitionsReadFromAnAnswerIsInItsRecord() {
        List<String> problems = new ArrayList<>();
        Set<String> reads = new TreeSet<>();
        for (Map.Entry<String, JsonNode> definition : definitions.entrySet()) {
            String text = definition.getValue().toString();
            for (TaskPayloads.LambdaTask task : TaskPayloads.lambdaTasks(definition.getValue())) {
                contract.answerProblems(task, text).forEach(p -> problems.add(definition.getKey() + ": " + p));
                TaskPayloads.reads(task, text).forEach(r -> reads.add(task.function().functionName() + ": "
                        + String.join(".", r)));
            }
        }
        assertThat(problems).isEmpty();
        // the reads were found: the Map's items, the notices' line, the Batch job's plan, the dry-run choice
        assertThat(reads).contains("SelectRotation: selected", "SelectRotation: ensembles",
                "SelectRotation: quarantine", "SelectRotation: spec_ids_joined", "PlanTraining: dry_run",
                "PlanTraining: command", "PlanTraining: resources", "PlanTraining: timeout_seconds",
                "PlanTraining: spec_id", "TrainingLedger: allocation_id");
    }

    @Test
    void everyFunctionServingATaskIsInvokedByOne() {
        Set<ZooFunction> invoked = new TreeSet<>();
        definitions.values().forEach(d -> TaskPayloads.lambdaTasks(d).forEach(t -> invoked.add(t.function())));
        // BatchJobEvents is an EventBridge target, no Task's
        assertThat(invoked).containsExactlyInAnyOrder(Arrays.stream(ZooFunction.values())
                .filter(f -> f != ZooFunction.BATCH_JOB_EVENTS).toArray(ZooFunction[]::new));
    }

    @Test
    void aMisspelledPayloadKeyFailsNamingTheStateAndTheField() {
        TaskPayloads.LambdaTask rotation = task("SelectRotation");
        ObjectNode payload = ((ObjectNode) rotation.payload()).deepCopy();
        payload.set("budgett.$", payload.remove("budget.$"));

        assertThat(contract.payloadProblems(withPayload(rotation, payload))).singleElement().asString()
                .contains("SelectRotation").contains("field 'budgett': unknown field");
    }

    @Test
    void aMissingRequiredFieldOrAWrongTypeFailsNamingTheStateAndTheField() {
        TaskPayloads.LambdaTask register = task("RegisterCandidates");
        ObjectNode missing = ((ObjectNode) register.payload()).deepCopy();
        missing.remove("execution_id.$");
        assertThat(contract.payloadProblems(withPayload(register, missing))).singleElement().asString()
                .contains("RegisterCandidates").contains("field 'execution_id': missing");

        ObjectNode literal = ((ObjectNode) register.payload()).deepCopy();
        literal.remove("results.$");
        literal.put("results", "none");
        assertThat(contract.payloadProblems(withPayload(register, literal))).singleElement().asString()
                .contains("field 'results': expected a list of objects, got \"none\"");
    }

    @Test
    void anAnswerFieldTheRecordLacksFailsNamingTheStateAndTheField() {
        TaskPayloads.LambdaTask rotation = task("SelectRotation");
        String text = definitions.get("Saturday (inline Maps)").toString();

        assertThat(contract.answerProblems(rotation, text + " " + rotation.resultPath() + ".selectd"))
                .singleElement().asString().contains("SelectRotation").contains("has no field 'selectd'");
    }

    private static TaskPayloads.LambdaTask task(String stateName) {
        return TaskPayloads.lambdaTasks(definitions.get("Saturday (inline Maps)")).stream()
                .filter(t -> t.where().endsWith(stateName)).findFirst().orElseThrow();
    }

    private static TaskPayloads.LambdaTask withPayload(TaskPayloads.LambdaTask task, JsonNode payload) {
        return new TaskPayloads.LambdaTask(task.where(), task.function(), payload, task.resultSelector(),
                task.resultPath());
    }
}
