package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A Saturday whose rotation picks an ensemble: its bases train and register first, then it, naming them. */
class EnsembleScenarioTest {
    private static final int ROWS = 4_000;

    @Test
    void aSaturdayTrainsTheEnsembleAfterItsBasesAndRegistersItsLineage() throws URISyntaxException {
        Path catalog = Path.of(EnsembleScenarioTest.class.getResource("/scenario/ensemble-catalog.json").toURI());
        try (LocalSaturday saturday = LocalSaturday.builder().inMemory().definition(Scenarios.definition())
                .catalog(catalog).rows(ROWS).build()) {
            LocalRunReport report = saturday.run("{\"skip_research\": true}");

            assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.specResults()).containsOnlyKeys("churn-gbdt", "churn-dart", "churn-stack")
                    .allSatisfy((spec, status) -> assertThat(status).isEqualTo("OK"));
            // the second pass starts only once the first pass's versions are registered
            List<HistoryEvent> history = report.history();
            int basesRegistered = index(history, HistoryEventType.TaskSucceeded, "RegisterCandidates");
            int ensembleScheduled = index(history, HistoryEventType.TaskScheduled, "TrainEnsemble");
            assertThat(basesRegistered).isNotNegative().isLessThan(ensembleScheduled);
            assertThat(index(history, HistoryEventType.TaskSucceeded, "RegisterEnsembles")).isGreaterThan(ensembleScheduled);
            assertThat(history.stream().filter(e -> e.type() == HistoryEventType.TaskScheduled
                    && "TrainSpec".equals(e.stateName()))).hasSize(2); // each base once

            ModelVersion stack = saturday.registry().registration(report.executionId(), "churn-stack").orElseThrow();
            ModelVersion gbdt = saturday.registry().registration(report.executionId(), "churn-gbdt").orElseThrow();
            ModelVersion dart = saturday.registry().registration(report.executionId(), "churn-dart").orElseThrow();
            assertThat(stack.baseVersions()).containsExactly(gbdt.versionId(), dart.versionId());
            assertThat(stack.metrics()).containsKeys("auc", "log_loss", "brier", "ece", "ece_bins");
            assertThat(stack.lifecycle()).isEqualTo(Lifecycle.CHAMPION); // first of its label: the gate promotes it
            assertThat(report.bucketKeys()).contains(stack.artifactPrefix() + "model.txt",
                    stack.artifactPrefix() + "calibrator.json", gbdt.artifactPrefix() + "oof_predictions.json");
            assertThat(Scenarios.dataViolations(saturday, report,
                    Set.of("churn-gbdt", "churn-dart", "churn-stack"))).isEmpty();
        }
    }

    private static int index(List<HistoryEvent> history, HistoryEventType type, String state) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).type() == type && state.equals(history.get(i).stateName())) {
                return i;
            }
        }
        return -1;
    }
}
