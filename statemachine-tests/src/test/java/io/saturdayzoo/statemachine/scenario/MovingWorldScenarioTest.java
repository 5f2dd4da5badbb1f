package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.shadow.ShadowScore;
import io.saturdayzoo.core.shadow.ShadowTrack;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.data.LocalDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saturdays in a row in a local world that moves, as the CLI runs them ({@code --as-of} one week apart, the stores
 * kept between runs): each week's data adds that week's rows and a re-run in the same week sees the same bytes;
 * each label's champion spec retrains every Saturday outside the budget while the budget picks a challenger; and
 * research adds one shadow score per live version and week, which a re-run of the week does not change.
 */
class MovingWorldScenarioTest {
    private static final int ROWS = 2_000;
    private static final String INPUT = "{\"budget\": 1}";
    private static final String CHURN_DATA = "datasets/churn/" + LocalDatasets.GENERATED_FILE;

    @TempDir
    Path dir;

    private Path catalog() throws IOException {
        String spec = "{\"id\":\"%s-gbdt\",\"kind\":\"lightgbm\",\"label\":\"%s\",\"dataset\":{\"uri\":"
                + "\"s3://saturday-zoo-data/datasets/%s/\",\"time_column\":\"ts\",\"target_column\":\"label\"},"
                + "\"params\":{\"objective\":\"binary\",\"num_leaves\":15,\"num_iterations\":20},\"status\":\"active\"}";
        return Files.writeString(dir.resolve("catalog.json"), "{\"zoo\":\"moving\",\"budget\":1,\"specs\":["
                + String.format(spec, "churn", "churn", "churn") + "," + String.format(spec, "fraud", "fraud", "fraud")
                + "]}");
    }

    /** One Saturday as `./saturday run --local --as-of DATE` runs it: stores on disk, datasets for that week. */
    private Saturday saturday(Path catalog, String asOf) {
        try (LocalSaturday saturday = LocalSaturday.builder().dataDir(dir.resolve("stores"))
                .definition(Scenarios.definition()).catalog(catalog).rows(ROWS).asOf(LocalDate.parse(asOf)).build()) {
            LocalRunReport report = saturday.run(INPUT);
            assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            ShadowTrack track = new ShadowTrack(AwsClients.dynamoDb(saturday.env()), LocalSaturday.TABLE);
            Map<String, List<String>> shadow = new LinkedHashMap<>();
            for (String label : saturday.registry().latestVersions().keySet()) {
                saturday.registry().versions(label).forEach(v -> shadow.put(v.versionId(),
                        track.shadowScores(v.versionId()).stream().map(ShadowScore::week).toList()));
            }
            byte[] data = saturday.registry().artifacts().getBytes(CHURN_DATA).orElseThrow();
            return new Saturday(report, shadow, data);
        }
    }

    private record Saturday(LocalRunReport report, Map<String, List<String>> shadowWeeks, byte[] churnData) {
    }

    @Test
    void threeWeeksAndARerunOfTheThird() throws IOException {
        Path catalog = catalog();

        Saturday w49 = saturday(catalog, "2026-12-05");
        assertThat(w49.report().rotationReasons()).containsEntry("churn-gbdt", "stalest (never trained)")
                .containsEntry("fraud-gbdt", "not picked: budget");
        assertThat(w49.report().specResults()).containsOnlyKeys("churn-gbdt");
        // churn#v1 trained on 2026-W49 itself: no week of it is unseen yet
        assertThat(w49.shadowWeeks()).containsExactly(Map.entry("churn#v1", List.of()));

        Saturday w50 = saturday(catalog, "2026-12-12");
        assertThat(w50.churnData()).isNotEqualTo(w49.churnData());
        // the champion's spec retrains outside the budget; the budget's one slot goes to the challenger
        assertThat(w50.report().rotationReasons()).containsEntry("churn-gbdt", "champion retrain (churn#v1)")
                .containsEntry("fraud-gbdt", "stalest (never trained)");
        assertThat(w50.report().specResults()).containsOnlyKeys("churn-gbdt", "fraud-gbdt");
        assertThat(w50.shadowWeeks()).containsEntry("churn#v1", List.of("2026-W50"))
                .containsEntry("churn#v2", List.of()).containsEntry("fraud#v1", List.of());

        Saturday w51 = saturday(catalog, "2026-12-19");
        assertThat(w51.report().specResults()).containsOnlyKeys("churn-gbdt", "fraud-gbdt");
        assertThat(w51.report().rotationReasons().get("fraud-gbdt")).startsWith("champion retrain (fraud#v1)");
        // one more score per live version: the week's newcomers (trained on it) have none yet
        assertThat(w51.shadowWeeks()).containsEntry("churn#v1", List.of("2026-W50", "2026-W51"))
                .containsEntry("churn#v2", List.of("2026-W51")).containsEntry("fraud#v1", List.of("2026-W51"))
                .containsEntry("churn#v3", List.of()).containsEntry("fraud#v2", List.of());

        Saturday again = saturday(catalog, "2026-12-19");
        assertThat(again.churnData()).isEqualTo(w51.churnData());
        assertThat(again.shadowWeeks()).containsEntry("churn#v1", List.of("2026-W50", "2026-W51"))
                .containsEntry("churn#v2", List.of("2026-W51")).containsEntry("fraud#v1", List.of("2026-W51"))
                .containsEntry("churn#v3", List.of()).containsEntry("fraud#v2", List.of());
        assertThat(again.report().bucketKeys()).contains("research/" + again.report().executionId() + "/report.json");
    }
}
