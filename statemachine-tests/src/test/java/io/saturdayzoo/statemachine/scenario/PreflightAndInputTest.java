package io.saturdayzoo.statemachine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Friday dry run boots the trainer on the specs the rotation would pick and writes nothing, and a spec that would
 * fail on Saturday fails it by name; malformed input is rejected by name before anything runs.
 */
class PreflightAndInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalSaturday saturday;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        saturday = Scenarios.saturday(2_000).build();
    }

    @AfterAll
    static void stop() {
        saturday.close();
    }

    @Test
    void preflightOnlyRunBootsTheTrainerOnTheRotationsChoiceAndWritesNothingToEitherStore() {
        saturday.stores().journal().clear(); // set-up (table, bucket, datasets) wrote; the run must not
        LocalRunReport report = saturday.run(Scenarios.FRIDAY_INPUT);

        assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.enteredStates()).contains("Preflight", "DryRunRotation", "DryRunTrainerPreflight",
                "PreflightPassed").doesNotContain("ResearchPredictorParallel");
        // one Batch job, the trainer's preflight of exactly the specs the rotation picked (budget 3 of 3 active)
        assertThat(report.taskStarts("DryRunTrainerPreflight")).isEqualTo(1);
        assertThat(report.stateOutput("DryRunTrainerPreflight").orElseThrow().at("/dry_run/job/status").asText())
                .isEqualTo("SUCCEEDED");
        String chosen = report.stateOutput("DryRunRotation").orElseThrow().at("/dry_run/rotation/spec_ids_joined")
                .asText();
        assertThat(chosen.split(",")).containsExactlyInAnyOrderElementsOf(Scenarios.activeSpecIds(saturday));
        assertThat(trainerCommand(report)).containsExactly("preflight", "--spec-ids", chosen,
                "--execution-id", report.executionId());
        RequestJournal journal = saturday.stores().journal();
        assertThat(journal.entries()).as("preflight did read both stores").isNotEmpty();
        assertThat(journal.entries()).extracting(RequestJournal.Entry::service)
                .contains(RequestJournal.DYNAMODB, RequestJournal.S3);
        assertThat(journal.writes()).isEmpty();
    }

    /**
     * A spec the trainer could not train never reaches a Friday: the catalog is checked against the published schema
     * (each kind's params included) wherever it loads, cdk synth and the local runner alike, naming the spec.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown kind   | kind   | \"xgboost\"",
            "bad parameter  | params | {\"num_leafs\": 31}"})
    void aSpecThatWouldFailOnSaturdayIsRefusedWhereTheCatalogLoadsByName(String name, String field, String value)
            throws Exception {
        ObjectNode catalog = (ObjectNode) JSON.readTree(Scenarios.catalog().toFile());
        for (JsonNode spec : catalog.get("specs")) {
            if (spec.get("id").asText().equals("fraud-gbdt")) {
                ((ObjectNode) spec).set(field, JSON.readTree(value));
            }
        }
        Path broken = dir.resolve(field + "-catalog.json");
        JSON.writeValue(broken.toFile(), catalog);
        assertThatThrownBy(() -> LocalSaturday.builder().inMemory().definition(Scenarios.definition())
                .catalog(broken).rows(2_000).build().close())
                .hasMessageContaining("fraud-gbdt").hasMessageContaining(field);
    }

    @Test
    void dataTheTrainerCannotReadFailsTheFridayDryRunByName() {
        try (LocalSaturday friday = Scenarios.saturday(2_000).build()) {
            // an empty part before the good one (the zoo bucket holds the datasets here): listed and fresh, so the
            // Lambda preflight passes, yet there is no data to read
            friday.registry().artifacts().putBytes("datasets/fraud/part-0000.csv", new byte[0], "text/csv");
            friday.stores().journal().clear();
            assertTheFridayDryRunFailsNaming(friday, "fraud-gbdt");
        }
    }

    private static void assertTheFridayDryRunFailsNaming(LocalSaturday friday, String spec) {
        LocalRunReport report = friday.run(Scenarios.FRIDAY_INPUT);

        assertThat(report.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(report.enteredStates()).contains("Preflight", "DryRunTrainerPreflight", "ExtractDryRunError",
                "HandleFailure").doesNotContain("PreflightPassed", "ResearchPredictorParallel");
        assertThat(report.failedStates()).doesNotContain("Preflight");
        assertThat(report.error()).isEqualTo("TrainerPreflightFailed");
        // The Lambda preflight cannot see this; the trainer's own preflight names the spec.
        assertThat(report.cause()).contains("preflight failed for 1 of 3 specs: " + spec);
        assertThat(report.notifications()).singleElement().satisfies(n -> assertThat(n.message())
                .contains("TrainerPreflightFailed", spec));
        assertThat(friday.stores().journal().writes()).isEmpty();
        assertThat(report.tasksRun()).doesNotContain("TrainSpec");
    }

    private static List<String> trainerCommand(LocalRunReport report) {
        List<String> command = new ArrayList<>();
        report.history().stream()
                .filter(e -> e.type() == HistoryEventType.TaskSucceeded && "DryRunTrainerPreflight".equals(e.stateName()))
                .findFirst().orElseThrow()
                .details().at("/output/Container/Command").forEach(c -> command.add(c.asText()));
        return command;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"budget\": 0}                   | budget",
            "{\"budget\": \"3\"}               | budget",
            "{\"skip_research\": \"yes\"}      | skip_research",
            "{\"skip_predictor_training\": 1}  | skip_predictor_training",
            "{\"skip_eval_gate\": \"no\"}      | skip_eval_gate",
            "{\"skip_eval_gate\": null}       | skip_eval_gate",
            "{\"budget\": 2.5}                 | budget",
            "{\"preflight_only\": \"true\"}    | preflight_only",
            "{\"spec_ids\": \"churn-gbdt\"}    | spec_ids",
            "{\"spec_ids\": [3]}               | spec_ids",
            "{\"skip_reserch\": true}          | skip_reserch"})
    void malformedInputIsRejectedByValidateInputNamingTheField(String input, String field) {
        saturday.stores().journal().clear();
        LocalRunReport report = saturday.run(input);

        assertThat(report.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(report.failState()).contains("InputRejected");
        assertThat(report.error()).isEqualTo("InvalidInput");
        assertThat(report.cause()).contains(field);
        assertThat(report.tasksRun()).containsExactly("ValidateInput");
        assertThat(saturday.stores().journal().writes()).isEmpty();
    }
}
