package io.saturdayzoo.lambdas.ondemand;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.core.events.RecordingEventPublisher;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.CostLedger;
import io.saturdayzoo.core.ledger.LedgerAudit;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.core.ledger.PriceTable;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import io.saturdayzoo.lambdas.validateinput.InvalidInput;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PlanTraining, TrainingLedger and the Batch event consumer on the embedded stores. */
@ExtendWith(ZooFixture.Extension.class)
class OnDemandHandlersTest {

    private static final Instant DONE = Instant.parse("2026-11-28T04:00:00Z");

    @Test
    void aBadRequestNamesEveryBadField(ZooFixture fx) {
        PlanTrainingHandler plan = new PlanTrainingHandler(env(fx, "100"));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("spec_id", "alpha-gbdt");
        input.put("parent_version", "beta#v1");
        input.put("params", Map.of("num_leaves", "many"));
        input.put("vcpus", 99);
        input.put("dry_run", "yes");
        input.put("colour", "blue");

        assertThatThrownBy(() -> plan.handleRequest(Map.of("input", input, "execution_id", "e1"), null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("field 'colour': unknown field")
                .hasMessageContaining("field 'caller': missing")
                .hasMessageContaining("field 'parent_version': \"beta#v1\" is a version of label 'beta'")
                .hasMessageContaining("field 'params'").hasMessageContaining("num_leaves")
                .hasMessageContaining("field 'vcpus': expected an integer from 1 to 8 (the stack's limit), got 99")
                .hasMessageContaining("field 'dry_run': expected a boolean");
        assertThatThrownBy(() -> plan.handleRequest(Map.of("input", List.of(), "execution_id", "e1"), null))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> plan.handleRequest(Map.of("input", Map.of("spec_id", "nope", "caller", "ana"),
                "execution_id", "e1"), null)).hasMessageContaining("field 'spec_id': unknown spec id \"nope\"");
    }

    @Test
    void thePlanTrainsFromTheChosenParentNotTheLatestOrTheChampion(ZooFixture fx) {
        datasets(fx, "alpha", 4_000_000);
        fx.registerRun("exec-1", "alpha-gbdt", "alpha", 0.70, DONE);
        fx.registerRun("exec-2", "alpha-gbdt", "alpha", 0.71, DONE.plusSeconds(60));
        fx.registerRun("exec-3", "alpha-gbdt", "alpha", 0.72, DONE.plusSeconds(120));
        fx.registry().promote("alpha", 2, "exec-gate");
        PlanTrainingHandler plan = new PlanTrainingHandler(env(fx, "100"));

        Map<String, Object> chosen = plan.handleRequest(Map.of("execution_id", "od-1", "input", Map.of(
                "spec_id", "alpha-gbdt", "parent_version", "alpha#v1", "caller", "ana",
                "params", Map.of("learning_rate", 0.03), "wall_time_cap_minutes", 30, "vcpus", 4)), null);
        Map<String, Object> byDefault = plan.handleRequest(Map.of("execution_id", "od-2", "input", Map.of(
                "spec_id", "alpha-gbdt", "caller", "ana")), null);

        assertThat(chosen.get("parent_version")).isEqualTo("alpha#v1");
        assertThat(byDefault.get("parent_version")).as("the champion, not the latest").isEqualTo("alpha#v2");
        assertThat(chosen.get("command")).asList().containsSubsequence("--parent", "alpha#v1")
                .containsSubsequence("--set", "learning_rate=0.03")
                .containsSubsequence("--caller", "ana")
                .containsSubsequence("--allocation-id", TrainerCommand.ALLOCATION_ID_REF);
        assertThat(chosen.get("timeout_seconds")).isEqualTo(1800);
        assertThat(chosen.get("resources")).asList().contains(Map.of("Type", "VCPU", "Value", "4"),
                Map.of("Type", "MEMORY", "Value", Integer.toString(8 * 1024)));
        assertThat(byDefault.get("timeout_seconds")).isEqualTo(OnDemandSettings.DEFAULT_WALL_TIME_MINUTES * 60);
        @SuppressWarnings("unchecked")
        Map<String, Object> estimate = (Map<String, Object>) chosen.get("estimate");
        assertThat(new BigDecimal((String) estimate.get("estimated_usd"))).isPositive();
        assertThat(estimate.get("remaining_usd")).isEqualTo("100");
        assertThat(((Map<?, ?>) chosen.get("dataset")).get("bytes")).isEqualTo(4_000_000L);

        assertThatThrownBy(() -> plan.handleRequest(Map.of("execution_id", "od-3", "input", Map.of(
                "spec_id", "alpha-gbdt", "caller", "ana", "parent_version", "alpha#v9")), null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("field 'parent_version': no version \"alpha#v9\"");
        assertThatThrownBy(() -> plan.handleRequest(Map.of("execution_id", "od-4", "input", Map.of(
                "spec_id", "alpha-gbdt", "caller", "ana", "dataset", "s3://test-data/nothing-here/")), null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("field 'dataset': no object at \"s3://test-data/nothing-here/\"");
    }

    @Test
    void aDryRunOverBudgetIsRefusedNamingTheRemainingBudgetAndWritesNothing(ZooFixture fx) {
        datasets(fx, "beta", 50_000_000);
        PlanTrainingHandler plan = new PlanTrainingHandler(env(fx, "0.0001"));
        RequestJournal journal = fx.stores().journal();
        journal.clear();

        assertThatThrownBy(() -> plan.handleRequest(Map.of("execution_id", "od-1", "input", Map.of(
                "spec_id", "beta-gbdt", "caller", "ana", "dry_run", true)), null))
                .isInstanceOf(BudgetExceeded.class)
                .hasMessageContaining("remaining budget of 0.0001 USD");
        assertThat(journal.writes()).isEmpty();
    }

    @Test
    void reserveSettleAndRecordStampTheVersionAndAnnounceIt(ZooFixture fx) {
        RecordingEventPublisher events = new RecordingEventPublisher();
        TrainingLedgerHandler ledger = new TrainingLedgerHandler(env(fx, "10"), events);
        Map<String, Object> plan = Map.of("spec_id", "alpha-gbdt", "caller", "ana", "vcpus", 2, "memory_gib", 8,
                "parent_version", "alpha#v1", "estimate", Map.of("estimated_usd", "0.50"));

        Map<String, Object> reserved = ledger.handleRequest(Map.of("operation", "reserve", "execution_id", "od-1",
                "plan", plan), null);
        String allocationId = (String) reserved.get("allocation_id");
        long started = DONE.toEpochMilli();
        Map<String, Object> settled = ledger.handleRequest(Map.of("operation", "settle", "allocation_id",
                allocationId, "plan", plan, "job", Map.of("job_id", "job-1", "started_at", started,
                        "stopped_at", started + 3_600_000L)), null);
        ModelVersion v = fx.registerRun("od-1", "alpha-gbdt", "alpha", 0.75, DONE);
        Map<String, Object> out = ledger.handleRequest(Map.of("operation", "record", "execution_id", "od-1",
                "execution_arn", "arn:aws:states:eu-west-1:1:execution:TrainModelVersion:od-1",
                "outcome", "TRAINED", "input", Map.of("spec_id", "alpha-gbdt", "caller", "ana"), "plan", plan,
                "allocation", reserved, "settlement", settled,
                "registered", Map.of("registered", Map.of("version_id", v.versionId(), "parent_version_id",
                        "alpha#v1", "metrics", Map.of("auc", 0.75)))), null);

        // one hour of 2 vCPU at 0.02 and 8 GiB at 0.0025
        assertThat(settled.get("settled_usd")).isEqualTo("0.0600");
        assertThat(out).containsEntry("version_id", v.versionId()).containsEntry("parent_version", "alpha#v1")
                .containsEntry("allocation_id", allocationId).containsEntry("estimated_usd", "0.50")
                .containsEntry("settled_usd", "0.0600").containsEntry("caller", "ana");
        assertThat((String) out.get("console_link")).contains("#/v2/executions/details/arn:aws:states:");
        assertThat(fx.registry().settledCost(v.versionId())).containsEntry(ModelRegistry.ALLOCATION_ID, allocationId)
                .containsEntry(ModelRegistry.SETTLED_COST_USD, "0.0600");
        assertThat(events.events(EventPublisher.MODEL_VERSION_TRAINED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).containsEntry("caller", "ana")
                        .containsEntry("parent_version", "alpha#v1").containsEntry("settled_usd", "0.0600"));
        var audit = new LedgerAudit(AwsClients.dynamoDb(fx.env()), fx.table());
        String period = new CostLedger(AwsClients.dynamoDb(fx.env()), fx.table()).currentPeriod();
        assertThat(audit.records(period)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry(LedgerAudit.OUTCOME, "TRAINED").containsEntry(LedgerAudit.CALLER, "ana")
                .containsEntry(LedgerAudit.SETTLED_USD, "0.0600"));
    }

    @Test
    void aRequestRefusedBeforeItsPlanIsRecordedWithTheCallerAsGiven(ZooFixture fx) {
        TrainingLedgerHandler ledger = new TrainingLedgerHandler(env(fx, "10"), new RecordingEventPublisher());
        // what RecordFailure hands over when PlanTraining refused the input: every later state's result still empty
        Map<String, Object> out = ledger.handleRequest(ZooFixture.event("""
                {"operation": "record", "outcome": "FAILED", "execution_id": "od-bad",
                 "execution_arn": "arn:aws:states:eu-west-1:1:execution:TrainModelVersion:od-bad",
                 "input": {"spec_id": "alpha-gbdt", "caller": 5}, "plan": {}, "allocation": {}, "settlement": {},
                 "registered": {}, "error": {"Error": "InvalidInput", "Cause": "field 'caller': expected a string"}}
                """), null);

        assertThat(out).containsEntry("caller", "5").containsEntry("dry_run", false).containsEntry("version_id", null)
                .containsEntry("error", Map.of("Error", "InvalidInput", "Cause", "field 'caller': expected a string"));
        var audit = new LedgerAudit(AwsClients.dynamoDb(fx.env()), fx.table());
        String period = new CostLedger(AwsClients.dynamoDb(fx.env()), fx.table()).currentPeriod();
        assertThat(audit.records(period)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry(LedgerAudit.OUTCOME, "FAILED").containsEntry(LedgerAudit.CALLER, "5")
                .containsKey(LedgerAudit.ERROR));
    }

    @Test
    void theBatchEventConsumerSettlesOrReleasesWhatAStoppedExecutionLeftOpen(ZooFixture fx) {
        Map<String, String> env = env(fx, "10");
        CostLedger ledger = new CostLedger(AwsClients.dynamoDb(env), fx.table());
        Allocation succeeded = ledger.reserve(new BigDecimal("10"), new BigDecimal("1"), "ana", "alpha-gbdt", "e1");
        Allocation failed = ledger.reserve(new BigDecimal("10"), new BigDecimal("1"), "ana", "alpha-gbdt", "e2");
        BatchJobEventsHandler consumer = new BatchJobEventsHandler(env);
        long started = DONE.toEpochMilli();

        Map<String, Object> settle = consumer.handleRequest(jobEvent("SUCCEEDED", succeeded.id(), started,
                started + 1_800_000L), null);
        Map<String, Object> release = consumer.handleRequest(jobEvent("FAILED", failed.id(), started,
                started + 60_000L), null);
        Map<String, Object> saturday = consumer.handleRequest(jobEvent("SUCCEEDED", null, started, started), null);

        assertThat(settle).containsEntry("state", "SETTLED");
        // half an hour of 4 vCPU at 0.02 and 16 GiB at 0.0025
        assertThat(ledger.allocation(succeeded.id()).orElseThrow().settledUsd()).isEqualByComparingTo("0.06");
        assertThat(release).containsEntry("state", "RELEASED");
        assertThat(ledger.allocation(failed.id()).orElseThrow().reason()).contains("FAILED").contains("OOM");
        assertThat(saturday).containsKey("skipped");
        assertThat(ledger.remaining(ledger.currentPeriod(), new BigDecimal("10"))).isEqualByComparingTo("9.94");
    }

    private static ScheduledEvent jobEvent(String status, String allocationId, long started, long stopped) {
        Map<String, Object> detail = new HashMap<>();
        detail.put("jobId", "job-" + status);
        detail.put("status", status);
        detail.put("statusReason", "OOM killed");
        detail.put("startedAt", started);
        detail.put("stoppedAt", stopped);
        detail.put("parameters", allocationId == null ? Map.of() : Map.of("allocation_id", allocationId));
        detail.put("container", Map.of("resourceRequirements", List.of(Map.of("type", "VCPU", "value", "4"),
                Map.of("type", "MEMORY", "value", "16384"))));
        ScheduledEvent event = new ScheduledEvent();
        event.setSource("aws.batch");
        event.setDetailType("Batch Job State Change");
        event.setDetail(detail);
        return event;
    }

    /** The stack's on-demand settings: 0.02 USD per vCPU-hour, 0.0025 per GiB-hour, at most 8 vCPU / 32 GiB. */
    static Map<String, String> env(ZooFixture fx, String budgetUsd) {
        Map<String, String> env = new HashMap<>(fx.env());
        env.putAll(new OnDemandSettings(new PriceTable(new BigDecimal("0.02"), new BigDecimal("0.0025")),
                new BigDecimal(budgetUsd), 8, 32, 360, 2, 8).toEnv());
        return env;
    }

    private static void datasets(ZooFixture fx, String label, int bytes) {
        S3Client s3 = AwsClients.s3(fx.env());
        try {
            s3.createBucket(b -> b.bucket("test-data"));
        } catch (BucketAlreadyOwnedByYouException | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException e) {
            // shared by the tests of this run
        }
        s3.putObject(b -> b.bucket("test-data").key("datasets/" + label + "/part-0.csv"),
                RequestBody.fromBytes(new byte[bytes]));
    }
}
