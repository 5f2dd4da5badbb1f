package io.saturdayzoo.statemachine.scenario;

import static io.saturdayzoo.infra.statemachine.TrainModelVersionDefinition.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.LedgerAudit;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TrainModelVersion trains for real: the synthesized definition, the embedded stores, the real handlers and the
 * real trainer on small data. Two versions of churn are trained first (shared by the class); the on-demand request
 * then names the older one as parent.
 */
class TrainModelVersionTrainingTest {

    private static LocalSaturday machine;
    private static ModelVersion first;
    private static ModelVersion latest;

    @BeforeAll
    static void trainTwoVersions() {
        machine = TrainModelVersionScenarioTest.machine().build();
        first = trained(machine.run("{\"spec_id\": \"churn-gbdt\", \"caller\": \"setup\"}"));
        latest = trained(machine.run("{\"spec_id\": \"churn-gbdt\", \"caller\": \"setup\"}"));
    }

    @AfterAll
    static void stop() {
        machine.close();
    }

    @Test
    void aVersionTrainedFromTheChosenParentIsALinkedCandidateCarryingCallerAllocationAndCost() {
        LocalRunReport report = machine.run("{\"spec_id\": \"churn-gbdt\", \"caller\": \"ana\", \"parent_version\": \""
                + first.versionId() + "\", \"params\": {\"learning_rate\": 0.05}, \"wall_time_cap_minutes\": 30}");
        ModelVersion trained = trained(report);

        assertThat(trained.parentVersionId()).as("the chosen parent, not the latest (%s)", latest.versionId())
                .isEqualTo(first.versionId());
        assertThat(trained.versionNumber()).isEqualTo(latest.versionNumber() + 1);
        assertThat(trained.lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
        String allocationId = report.output().path("allocation_id").asText();
        assertThat(report.output().path("version_id").asText()).isEqualTo(trained.versionId());
        assertThat(report.output().path("parent_version").asText()).isEqualTo(first.versionId());
        assertThat(report.output().path("caller").asText()).isEqualTo("ana");
        assertThat(report.output().path("console_link").asText()).contains(report.executionId());
        assertThat(machine.registry().settledCost(trained.versionId()))
                .containsEntry(ModelRegistry.ALLOCATION_ID, allocationId)
                .containsEntry(ModelRegistry.SETTLED_COST_USD, report.output().path("settled_usd").asText());

        Allocation allocation = TrainModelVersionScenarioTest.allocations(machine, report).get(0);
        assertThat(allocation.id()).isEqualTo(allocationId);
        assertThat(allocation.state()).isEqualTo(Allocation.State.SETTLED);
        assertThat(allocation.caller()).isEqualTo("ana");
        assertThat(allocation.settledUsd()).isEqualByComparingTo(new BigDecimal(
                report.output().path("settled_usd").asText()));
        // reserved before the job started: in the history, and against the job's own start time
        var history = report.history();
        assertThat(TrainModelVersionScenarioTest.indexOf(history, HistoryEventType.TaskSucceeded, RESERVE_BUDGET))
                .isNotNegative()
                .isLessThan(TrainModelVersionScenarioTest.indexOf(history, HistoryEventType.TaskScheduled,
                        TRAIN_VERSION));
        long jobStarted = history.stream().filter(e -> e.type() == HistoryEventType.TaskSucceeded
                        && e.stateName().equals(TRAIN_VERSION)).findFirst().orElseThrow()
                .details().path("output").path("StartedAt").asLong();
        assertThat(allocation.reservedAt()).isBeforeOrEqualTo(Instant.ofEpochMilli(jobStarted));
        assertThat(TrainModelVersionScenarioTest.audit(machine, report)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry(LedgerAudit.OUTCOME, "TRAINED").containsEntry(LedgerAudit.CALLER, "ana")
                .containsEntry(LedgerAudit.ALLOCATION_ID, allocationId));
    }

    private static ModelVersion trained(LocalRunReport report) {
        assertThat(report.succeeded()).as("%s: %s", report.error(), report.cause()).isTrue();
        return machine.registry().version(report.output().path("version_id").asText()).orElseThrow();
    }
}
