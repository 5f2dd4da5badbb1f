package io.saturdayzoo.statemachine.topology;

import static io.saturdayzoo.infra.statemachine.TrainModelVersionDefinition.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.core.ledger.PriceTable;
import io.saturdayzoo.infra.definition.DefinitionDocument;
import io.saturdayzoo.infra.definition.LocalNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second state machine as synthesized: the budget is reserved before the job, every failure after the
 * reservation passes through ReleaseReservation, the job runs under the request's caps, and the Batch event
 * consumer is wired to this stack's queue with the price table in its environment.
 */
class TrainModelVersionTopologyTest {

    static SynthesizedOnce.Synth synth;
    static JsonNode states;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedOnce.defaults();
        states = DefinitionDocument.fromTemplateTree(synth.template(), NAME).tree().get("States");
    }

    @Test
    void theHappyPathReservesBeforeItTrainsAndSettlesBeforeItRegisters() {
        assertThat(DefinitionDocument.fromTemplateTree(synth.template(), NAME).tree().get("StartAt").asText())
                .isEqualTo(BEGIN);
        List<String> path = new ArrayList<>();
        String state = BEGIN;
        while (state != null) {
            path.add(state);
            JsonNode json = states.get(state);
            state = json.has("Next") ? json.get("Next").asText()
                    : json.has("Default") ? json.get("Default").asText() : null;
        }
        assertThat(path).containsExactly(BEGIN, PLAN_TRAINING, CHECK_DRY_RUN, RESERVE_BUDGET, TRAIN_VERSION,
                SETTLE_COST, REGISTER_VERSION, RECORD_TRAINED, TRAINED);
        assertThat(states.get(CHECK_DRY_RUN).get("Choices").get(0).get("Next").asText()).isEqualTo(RECORD_DRY_RUN);
        assertThat(states.get(RECORD_DRY_RUN).get("Next").asText()).isEqualTo(TRAINED);
    }

    @Test
    void everyFailureAfterTheReservationReleasesItAndEveryFailureIsRecorded() {
        for (String task : List.of(TRAIN_VERSION, SETTLE_COST)) {
            assertThat(catchTarget(task)).as(task).isEqualTo(RELEASE_RESERVATION);
        }
        for (String task : List.of(PLAN_TRAINING, RESERVE_BUDGET, RECORD_DRY_RUN, REGISTER_VERSION, RECORD_TRAINED,
                RELEASE_RESERVATION, RECORD_FAILURE)) {
            assertThat(catchTarget(task)).as(task).isIn(RECORD_FAILURE, TRAINING_FAILED);
        }
        // every Task catches everything: no failure leaves the execution without its audit row and release
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            if ("Task".equals(s.getValue().path("Type").asText())) {
                assertThat(s.getValue().path("Catch").path(0).path("ErrorEquals").path(0).asText())
                        .as(s.getKey()).isEqualTo("States.ALL");
            }
        }
        // from any catch, the execution ends in TrainingFailed, past RecordFailure
        assertThat(reachable(RELEASE_RESERVATION)).contains(RECORD_FAILURE, TRAINING_FAILED).doesNotContain(TRAINED);
        assertThat(states.get(TRAINING_FAILED).get("ErrorPath").asText()).isEqualTo("$.failure.Error");
    }

    @Test
    void theJobRunsUnderTheRequestsCapsAndCarriesItsAllocation() {
        JsonNode train = states.get(TRAIN_VERSION);
        assertThat(train.get("Resource").asText()).endsWith(":states:::batch:submitJob.sync");
        JsonNode submit = train.get("Parameters");
        assertThat(submit.get("Timeout").get("AttemptDurationSeconds.$").asText()).isEqualTo("$.plan.timeout_seconds");
        assertThat(submit.get("ContainerOverrides").get("ResourceRequirements.$").asText())
                .isEqualTo("$.plan.resources");
        assertThat(submit.get("ContainerOverrides").get("Command.$").asText()).isEqualTo("$.plan.command");
        assertThat(submit.get("Parameters").get("allocation_id.$").asText()).isEqualTo("$.allocation.allocation_id");
        assertThat(submit.get("JobDefinition").asText()).isEqualTo(LocalNames.batchJobDefinition("Trainer"));
        // settlement reads the job's real start and stop from the .sync result
        assertThat(train.get("ResultSelector").get("started_at.$").asText()).isEqualTo("$.StartedAt");
        assertThat(train.get("ResultSelector").get("stopped_at.$").asText()).isEqualTo("$.StoppedAt");
    }

    @Test
    void theBatchConsumerRuleWatchesThisStacksQueueAndItsHandlerTakesTheEventType() {
        JsonNode rule = resourcesOfType("AWS::Events::Rule").stream()
                .filter(r -> r.path("Properties").path("EventPattern").path("source").toString().contains("aws.batch"))
                .findFirst().orElseThrow();
        JsonNode pattern = rule.get("Properties").get("EventPattern");
        assertThat(pattern.get("detail-type").get(0).asText()).isEqualTo("Batch Job State Change");
        assertThat(pattern.get("detail").get("status").toString()).contains("SUCCEEDED", "FAILED");
        assertThat(pattern.get("detail").get("jobQueue").toString()).contains("SpotQueue");
        assertThat(rule.get("Properties").get("Targets").get(0).get("Arn").toString())
                .contains("LambdasBatchJobEventsLive");
        assertThat(lambda("BatchJobEvents").get("Properties").get("Handler").asText())
                .endsWith(".BatchJobEventsHandler::handleRequest");
    }

    @Test
    void theLedgersHandlersAreGivenThePriceTableBudgetAndLimits() {
        for (String function : List.of("PlanTraining", "TrainingLedger", "BatchJobEvents")) {
            JsonNode env = lambda(function).get("Properties").get("Environment").get("Variables");
            for (String variable : List.of(PriceTable.VCPU_HOUR_ENV, PriceTable.GIB_HOUR_ENV,
                    OnDemandSettings.BUDGET_ENV, OnDemandSettings.MAX_VCPUS_ENV, OnDemandSettings.MAX_MEMORY_GIB_ENV,
                    OnDemandSettings.MAX_WALL_TIME_ENV)) {
                assertThat(env.path(variable).asText()).as("%s %s", function, variable).isNotBlank();
            }
            // the values parse as the handlers will parse them
            Map<String, String> values = new java.util.HashMap<>();
            env.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            assertThat(OnDemandSettings.fromEnv(values).prices().vcpuHourUsd()).isPositive();
        }
    }

    private static String catchTarget(String task) {
        return states.get(task).path("Catch").path(0).path("Next").asText();
    }

    private static Set<String> reachable(String from) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            JsonNode s = states.get(name);
            if (s.has("Next")) {
                todo.push(s.get("Next").asText());
            }
            s.path("Catch").forEach(c -> todo.push(c.get("Next").asText()));
        }
        return seen;
    }

    private static List<JsonNode> resourcesOfType(String type) {
        List<JsonNode> out = new ArrayList<>();
        synth.resources().forEach(r -> {
            if (type.equals(r.path("Type").asText())) {
                out.add(r);
            }
        });
        return out;
    }

    private static JsonNode lambda(String name) {
        return resourcesOfType("AWS::Lambda::Function").stream()
                .filter(r -> LocalNames.lambdaFunction(name).equals(r.path("Metadata").path(LocalNames.METADATA_KEY)
                        .asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no Lambda function " + name));
    }
}
