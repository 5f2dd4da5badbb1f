package io.saturdayzoo.statemachine.scenario;

import static io.saturdayzoo.infra.statemachine.TrainModelVersionDefinition.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.mock.MockConfig;
import io.saturdayzoo.asl.mock.MockTestCase;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.CostLedger;
import io.saturdayzoo.core.ledger.LedgerAudit;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.definition.SaturdayDefinitionSource;
import io.saturdayzoo.local.binding.BatchJobTask;
import io.saturdayzoo.infra.definition.DefinitionDocument;
import io.saturdayzoo.statemachine.topology.SynthesizedOnce;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TrainModelVersion executed: the synthesized definition on the embedded stores with the real handlers. These
 * cases stop before or at the training job; the ones that train are in {@link TrainModelVersionTrainingTest}.
 */
class TrainModelVersionScenarioTest {

    /** From the app's one synthesis per JVM, as SaturdayDefinitionSource.synthesizeAll() reads it. */
    static String definition() {
        return DefinitionDocument.fromTemplateTree(SynthesizedOnce.defaults().template(),
                SaturdayDefinitionSource.TRAIN_MODEL_VERSION).json();
    }

    static LocalSaturday.Builder machine() {
        return LocalSaturday.builder().inMemory().definition(definition()).catalog(Scenarios.catalog()).rows(2_000)
                .stateMachineName(SaturdayDefinitionSource.TRAIN_MODEL_VERSION);
    }

    /** One machine for the cases on the default budget (each asserts on its own execution's rows). */
    private static LocalSaturday shared;

    @BeforeAll
    static void start() {
        shared = machine().build();
    }

    @AfterAll
    static void stop() {
        shared.close();
    }

    @Test
    void aBadRequestNamesItsFieldsAndIsRecorded() {
        LocalSaturday machine = shared;
        {
            LocalRunReport report = machine.run("{\"spec_id\": \"churn-gbdt\", \"caller\": 5, \"vcpus\": 999, "
                    + "\"colour\": \"blue\"}");

            assertThat(report.succeeded()).isFalse();
            assertThat(report.error()).isEqualTo("InvalidInput");
            assertThat(Scenarios.errorMessage(report)).contains("field 'caller'").contains("field 'vcpus'")
                    .contains("field 'colour': unknown field");
            assertThat(report.enteredStates()).doesNotContain(RESERVE_BUDGET, TRAIN_VERSION)
                    .contains(RECORD_FAILURE, TRAINING_FAILED);
            assertThat(audit(machine, report)).singleElement().satisfies(row -> assertThat(row)
                    .containsEntry(LedgerAudit.OUTCOME, "FAILED").containsKey(LedgerAudit.ERROR));
            assertThat(allocations(machine, report)).isEmpty();
        }
    }

    @Test
    void overBudgetFailsAtTheReservationAndLaunchesNothing() {
        try (LocalSaturday machine = machine().env(OnDemandSettings.BUDGET_ENV, "0.00001").build()) {
            LocalRunReport report = machine.run("{\"spec_id\": \"churn-gbdt\", \"caller\": \"ana\"}");

            assertThat(report.succeeded()).isFalse();
            assertThat(report.error()).isEqualTo(BUDGET_EXCEEDED_ERROR);
            assertThat(Scenarios.errorMessage(report)).contains("remaining budget of 0.00001 USD");
            assertThat(scheduled(report, TRAIN_VERSION)).isFalse();
            assertThat(report.bucketKeys()).noneMatch(key -> key.startsWith("runs/"));
            assertThat(allocations(machine, report)).isEmpty();
            assertThat(audit(machine, report)).singleElement().satisfies(row -> assertThat(row)
                    .containsEntry(LedgerAudit.OUTCOME, "FAILED").containsEntry(LedgerAudit.CALLER, "ana"));
        }
    }

    @Test
    void aDryRunEstimatesAndChecksTheBudgetAndWritesNothingButItsAuditRow() {
        LocalSaturday machine = shared;
        synchronized (shared) {
            RequestJournal journal = machine.stores().journal();
            journal.clear();

            LocalRunReport report = machine.run("{\"spec_id\": \"churn-gbdt\", \"caller\": \"ana\", "
                    + "\"dry_run\": true, \"params\": {\"learning_rate\": 0.03}}");

            assertThat(report.succeeded()).as("%s %s", report.error(), report.cause()).isTrue();
            assertThat(report.output().path("dry_run").asBoolean()).isTrue();
            assertThat(new BigDecimal(report.output().path("estimated_usd").asText())).isPositive();
            assertThat(report.output().path("allocation_id").isNull()).isTrue();
            assertThat(scheduled(report, TRAIN_VERSION)).isFalse();
            assertThat(scheduled(report, RESERVE_BUDGET)).isFalse();
            // one write: the audit row (put if absent); no reservation, no version, no object
            assertThat(journal.successfulWrites()).singleElement().satisfies(write -> {
                assertThat(write.service()).isEqualTo(RequestJournal.DYNAMODB);
                assertThat(write.operation()).isEqualTo("PutItem");
            });
            assertThat(journal.writes()).noneMatch(w -> w.service().equals(RequestJournal.S3));
            assertThat(audit(machine, report)).singleElement().satisfies(row -> assertThat(row)
                    .containsEntry(LedgerAudit.OUTCOME, "DRY_RUN"));
        }
    }

    @Test
    void aJobStoppedAtItsCapFailsReleasesItsReservationAndRegistersNothing() {
        // the job as Batch ends it at the attempt timeout (BatchJobTaskTimeoutTest proves the local binding does)
        String timedOut = "{\\\"Status\\\":\\\"FAILED\\\",\\\"StatusReason\\\":\\\"" + BatchJobTask.TIMEOUT_REASON
                + "\\\"}";
        MockTestCase mocks = MockConfig.parse("{\"StateMachines\":{\"m\":{\"TestCases\":{\"case\":{\""
                + TRAIN_VERSION + "\":\"TimedOut\"}}}},\"MockedResponses\":{\"TimedOut\":{\"0\":{\"Throw\":{"
                + "\"Error\":\"States.TaskFailed\",\"Cause\":\"" + timedOut + "\"}}}}}").testCase("m", "case");
        LocalSaturday machine = shared;
        {
            LocalRunReport report = machine.run("{\"spec_id\": \"churn-gbdt\", \"caller\": \"ana\", "
                    + "\"wall_time_cap_minutes\": 1}", mocks);

            assertThat(report.succeeded()).isFalse();
            assertThat(report.error()).isEqualTo("States.TaskFailed");
            assertThat(report.enteredStates()).contains(RELEASE_RESERVATION, RECORD_FAILURE)
                    .doesNotContain(SETTLE_COST, REGISTER_VERSION);
            assertThat(allocations(machine, report)).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Allocation.State.RELEASED);
                assertThat(a.reason()).contains(BatchJobTask.TIMEOUT_REASON);
            });
            assertThat(ledger(machine).reservedUsd()).isEqualByComparingTo("0");
            assertThat(machine.registry().registeredBy(report.executionId())).isEmpty();
        }
    }

    static boolean scheduled(LocalRunReport report, String state) {
        return report.history().stream().anyMatch(e -> e.type() == HistoryEventType.TaskScheduled
                && e.stateName().equals(state));
    }

    static CostLedger.Statement ledger(LocalSaturday machine) {
        CostLedger ledger = new CostLedger(AwsClients.dynamoDb(machine.env()), LocalSaturday.TABLE);
        return ledger.statement(ledger.currentPeriod(), BigDecimal.ONE);
    }

    /** The audit rows of this execution. */
    static List<Map<String, Object>> audit(LocalSaturday machine, LocalRunReport report) {
        LedgerAudit audit = new LedgerAudit(AwsClients.dynamoDb(machine.env()), LocalSaturday.TABLE);
        return audit.records(new CostLedger(AwsClients.dynamoDb(machine.env()), LocalSaturday.TABLE).currentPeriod())
                .stream().filter(row -> report.executionId().equals(row.get(LedgerAudit.REQUEST_ID))).toList();
    }

    /** The allocations this execution reserved. */
    static List<Allocation> allocations(LocalSaturday machine, LocalRunReport report) {
        return ledger(machine).allocations().stream()
                .filter(a -> report.executionId().equals(a.executionId())).toList();
    }

    /** Index of the first history event of {@code type} in {@code state}, or -1. */
    static int indexOf(List<HistoryEvent> history, HistoryEventType type, String state) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).type() == type && state.equals(history.get(i).stateName())) {
                return i;
            }
        }
        return -1;
    }
}
