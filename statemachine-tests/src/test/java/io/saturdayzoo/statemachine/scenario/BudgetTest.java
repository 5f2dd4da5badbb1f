package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** How many specs a Saturday trains when the input does not say: the catalog's budget, whatever the deploy. */
class BudgetTest {

    @Test
    void aCatalogWithBudgetOneTrainsExactlyOneSpec(@TempDir Path dir) throws IOException {
        String scenarioCatalog = Files.readString(Scenarios.catalog());
        assertThat(scenarioCatalog).contains("\"budget\": 3");
        Path catalog = Files.writeString(dir.resolve("catalog.json"), scenarioCatalog.replace("\"budget\": 3", "\"budget\": 1"));

        try (LocalSaturday saturday = Scenarios.saturday(2_000).catalog(catalog).build()) {
            LocalRunReport report = saturday.run("{\"skip_research\": true, \"skip_eval_gate\": true}");

            assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Scenarios.trainedSpecs(report)).hasSize(1);
            assertThat(report.registered()).hasSize(1);
            // (an input's budget overriding the catalog's is SelectRotationHandlerTest.budgetFromTheInputWins)
        }
    }
}
