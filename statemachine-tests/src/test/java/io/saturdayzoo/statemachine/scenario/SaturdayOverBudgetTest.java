package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Saturday the month's budget cannot wholly cover, executed on the synthesized definition: the spec the ledger
 * refuses fails alone, before anything launches for it, and the run fails after the join naming it.
 */
class SaturdayOverBudgetTest {

    private static final String REFUSED = "fraud-gbdt";
    private static final List<String> TRAINED = List.of("churn-gbdt", "demand-uplift-dart");
    /**
     * Each single-machine spec of 2,000 rows is estimated at about a minute of the trainer job definition's 2 vCPU
     * and 7 GiB (~0.0006 USD); fraud-gbdt, made a 4-node spec here, at a minute of 4 x (4 vCPU, 14 GiB) (~0.005 USD).
     * This budget holds the two small ones in any order and never the large one.
     */
    private static final String BUDGET_USD = "0.003";

    @Test
    void theSpecTheLedgerRefusesFailsAloneLaunchesNothingAndIsNamedAfterTheJoin(@TempDir Path dir) throws IOException {
        String scenario = Files.readString(Scenarios.catalog());
        String fraud = "\"id\": \"" + REFUSED + "\",";
        assertThat(scenario).contains(fraud);
        Path catalog = Files.writeString(dir.resolve("catalog.json"), scenario.replace(fraud, fraud + " \"nodes\": 4,"));

        try (LocalSaturday saturday = Scenarios.saturday(2_000).catalog(catalog)
                .env(OnDemandSettings.BUDGET_ENV, BUDGET_USD).build()) {
            LocalRunReport report = saturday.run("{\"skip_research\": true, \"skip_eval_gate\": true}");

            assertThat(report.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(report.branchStatus("B")).isEqualTo("FAILED");
            assertThat(report.specResults()).containsEntry(REFUSED, "FAILED")
                    .containsEntry(TRAINED.get(0), "OK").containsEntry(TRAINED.get(1), "OK");
            // refused at its reservation, naming what the month has left
            List<HistoryEvent> refusals = report.history().stream().filter(e -> e.type() == HistoryEventType.TaskFailed
                    && e.stateName().equals("ReserveTraining")).toList();
            assertThat(refusals).singleElement().satisfies(e -> assertThat(e.details().toString())
                    .contains("BudgetExceeded", "remaining budget of"));
            // nothing launched for it: no job submitted, no run written; the others trained and registered
            assertThat(Scenarios.trainedSpecs(report)).containsExactlyInAnyOrderElementsOf(TRAINED);
            assertThat(report.history()).filteredOn(e -> e.type() == HistoryEventType.TaskScheduled
                    && e.stateName().startsWith("TrainSpec")).hasSize(TRAINED.size());
            assertThat(report.bucketKeys()).noneMatch(key -> key.startsWith(
                    "runs/" + report.executionId() + "/" + REFUSED + "/"));
            assertThat(report.registered()).extracting(ModelVersion::specId)
                    .containsExactlyInAnyOrderElementsOf(TRAINED);
            assertThat(Scenarios.dataViolations(saturday, report, Set.copyOf(TRAINED))).isEmpty();
            // named after the join
            assertThat(report.notifications()).singleElement().satisfies(n -> assertThat(n.message())
                    .contains("predictor training FAILED", REFUSED, "BudgetExceeded"));

            assertThat(TrainModelVersionScenarioTest.allocations(saturday, report))
                    .allSatisfy(a -> assertThat(a.state()).isEqualTo(Allocation.State.SETTLED))
                    .extracting(Allocation::specId).containsExactlyInAnyOrderElementsOf(TRAINED);
        }
    }
}
