package io.saturdayzoo.statemachine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.mock.MockConfig;
import io.saturdayzoo.asl.mock.MockTestCase;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.config.TrainingFanOut;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.statemachine.topology.SynthesizedOnce;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A zoo of a thousand specs on a stack set for a thousand ({@code maxSpecsPerSaturday} 1,000: the training passes
 * are Distributed Maps). Training and the registration pages are replaced through the mock config (Step Functions
 * Local's format); validation, preflight, the rotation and the success notice run for real. Every spec runs as a
 * child execution with a history of its own, none near 25,000 events. A Saturday of 800 succeeds; one of 1,000
 * outgrows the 256 KiB a state may hold ({@link TrainingFanOut#STATE_CARRIES_SPECS}) and fails as Step Functions
 * would, after its training.
 */
class ThousandSpecSaturdayTest {

    static final int SPECS = TrainingFanOut.STATE_CARRIES_SPECS;
    static final int STACK_MAX = 1_000;
    private static final String INPUT = "{\"skip_research\": true, \"skip_eval_gate\": true}";

    private static String definition;

    @TempDir
    static Path dir;

    @BeforeAll
    static void synthesizeForAThousand() {
        definition = SynthesizedOnce.with(Map.of(SaturdaySettings.MAX_SPECS_PER_SATURDAY, STACK_MAX)).definitionJson();
    }

    /** {@code n} specs of their own label each, all on one dataset (prepared once, kept for the others). */
    static Path catalog(Path dir, int n) throws IOException {
        String specs = IntStream.range(0, n).mapToObj(i -> String.format("""
                {"id": "spec-%04d", "kind": "lightgbm", "label": "label-%04d", "status": "active",
                 "params": {"objective": "binary", "num_iterations": 10},
                 "dataset": {"uri": "s3://saturday-zoo-data/datasets/shared/", "time_column": "ts",
                             "target_column": "label"}}""", i, i)).collect(Collectors.joining(",\n"));
        return Files.writeString(dir.resolve("catalog-" + n + ".json"),
                "{\"zoo\": \"thousand\", \"budget\": " + n + ", \"specs\": [" + specs + "]}");
    }

    /**
     * Mocks in Step Functions Local's format: TrainSpec throws on its first {@code failures} invocations and
     * succeeds on the rest; RegisterCandidates answers its pages (a cursor each hundred, then done). The ledger
     * tasks around TrainSpec are mocked too (a thousand reservations would dominate the test's time; the ledger is
     * executed for real in SaturdayScenariosTest).
     */
    static MockTestCase mocks(int specs, int failures) {
        StringBuilder pages = new StringBuilder();
        int pageCount = (specs + 99) / 100;
        for (int page = 0; page < pageCount; page++) {
            boolean last = page == pageCount - 1;
            pages.append(page == 0 ? "" : ",").append('"').append(page).append("\": {\"Return\": {\"cursor\": ")
                    .append(Math.min(specs, (page + 1) * 100)).append(", \"done\": ").append(last)
                    .append(last ? ", \"registered\": [], \"recovered\": []" : "").append("}}");
        }
        String job = "{\"Return\": {\"JobId\": \"mocked\", \"Status\": \"SUCCEEDED\", \"StartedAt\": 1, "
                + "\"StoppedAt\": 60001}}";
        String training = failures == 0
                ? "\"0-" + (specs - 1) + "\": " + job
                : "\"0-" + (failures - 1) + "\": {\"Throw\": {\"Error\": \"States.TaskFailed\", \"Cause\": "
                + "\"Spot capacity reclaimed\"}}, \"" + failures + "-" + (specs - 1) + "\": " + job;
        String all = "\"0-" + (specs - 1) + "\": ";
        String ledger = "\"Reserve\": {" + all + "{\"Return\": {\"allocation_id\": \"2026-12.0000000000000000\", "
                + "\"estimated_usd\": \"0.01\", \"vcpus\": 4, \"memory_gib\": 16}}}, "
                + "\"Settle\": {" + all + "{\"Return\": {\"state\": \"SETTLED\", \"settled_usd\": \"0.01\"}}}, "
                + "\"Release\": {" + all + "{\"Return\": {\"state\": \"RELEASED\"}}}";
        String json = "{\"StateMachines\": {\"" + Scenarios.MACHINE + "\": {\"TestCases\": {\"thousand\": {"
                + "\"TrainSpec\": \"Training\", \"RegisterCandidates\": \"Pages\", \"ReserveTraining\": \"Reserve\", "
                + "\"SettleTraining\": \"Settle\", \"ReleaseTraining\": \"Release\"}}}},"
                + "\"MockedResponses\": {\"Training\": {" + training + "}, \"Pages\": {" + pages + "}, " + ledger
                + "}}";
        return MockConfig.parse(json).testCase(Scenarios.MACHINE, "thousand");
    }

    private static LocalSaturday saturday(Path catalog) {
        return LocalSaturday.builder().inMemory().definition(definition).catalog(catalog).rows(200).build();
    }

    @Test
    void asManySpecsAsTheStateCarriesTrainAsChildExecutionsAndTheRunSucceeds() throws IOException {
        try (LocalSaturday saturday = saturday(catalog(dir, SPECS))) {
            LocalRunReport report = saturday.run(INPUT, mocks(SPECS, 0));

            assertThat(report.status()).as("%s: %s", report.error(), report.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.specResults()).hasSize(SPECS).allSatisfy((spec, status) -> assertThat(status)
                    .isEqualTo("OK"));
            assertThat(report.specResults().keySet()).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, SPECS).mapToObj(i -> String.format("spec-%04d", i)).toList());
            // the run and one child execution per spec, each with a history of its own
            List<LocalRunReport.ExecutionEvents> children = report.executions().subList(1, report.executions().size());
            assertThat(children).hasSize(SPECS).allSatisfy(child -> {
                assertThat(child.mapState()).isEqualTo("TrainSelectedSpecs");
                // TrainSpec between its ledger reservation and settlement: a few dozen events at most
                assertThat(child.events()).isLessThan(30);
            });
            assertThat(report.history().size()).isLessThan(300);
            assertThat(report.mostEventsInOneExecution()).isLessThan(300);
            // the registration loop: pages of a hundred
            assertThat(report.history()).filteredOn(e -> e.type() == HistoryEventType.TaskScheduled
                    && e.stateName().equals("RegisterCandidates")).hasSize(SPECS / 100);
        }
    }

    @Test
    void aThousandSpecsOutgrowTheStateAndTheRunFailsAsTheTrainingMapEnds() throws IOException {
        try (LocalSaturday saturday = saturday(catalog(dir, STACK_MAX))) {
            LocalRunReport report = saturday.run(INPUT, mocks(STACK_MAX, 0));

            assertThat(report.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(report.error()).isEqualTo("States.DataLimitExceeded");
            assertThat(report.cause()).contains("over the 262144 bytes (256 KiB)");
            // every spec trained first: the failure costs the whole Map's training, and nothing is registered
            assertThat(report.executions().subList(1, report.executions().size())).hasSize(STACK_MAX);
            assertThat(report.history()).filteredOn(e -> e.type() == HistoryEventType.StateFailed)
                    .extracting(HistoryEvent::stateName).contains("TrainSelectedSpecs");
            assertThat(report.history()).noneMatch(e -> "RegisterCandidates".equals(e.stateName()));
        }
    }

    @Test
    void aSpecThatFailsNeverStopsTheOthersAndItsFailureReachesRegistration() throws IOException {
        try (LocalSaturday saturday = saturday(catalog(dir, 200))) {
            LocalRunReport report = saturday.run(INPUT, mocks(200, 3));

            assertThat(report.specResults()).hasSize(200);
            assertThat(report.specResults().values().stream().filter("FAILED"::equals)).hasSize(3);
            JsonNode firstPage = report.history().stream().filter(e -> e.type() == HistoryEventType.TaskScheduled
                    && e.stateName().equals("RegisterCandidates")).findFirst().map(HistoryEvent::details)
                    .orElseThrow().path("parameters");
            List<String> failedInPayload = IntStream.range(0, firstPage.path("results").size())
                    .mapToObj(i -> firstPage.path("results").get(i))
                    .filter(r -> r.path("status").asText().equals("FAILED"))
                    .map(r -> r.path("spec_id").asText() + ": " + r.path("error").asText()).toList();
            assertThat(failedInPayload).hasSize(3)
                    .allSatisfy(f -> assertThat(f).endsWith("States.TaskFailed: Spot capacity reclaimed"));
        }
    }
}
