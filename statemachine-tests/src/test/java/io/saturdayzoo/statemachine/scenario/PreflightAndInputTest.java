package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Friday dry path writes nothing; malformed input is rejected by name before anything runs. */
class PreflightAndInputTest {
    private static LocalSaturday saturday;

    @BeforeAll
    static void start() {
        saturday = Scenarios.saturday(2_000).build();
    }

    @AfterAll
    static void stop() {
        saturday.close();
    }

    @Test
    void preflightOnlyRunWritesNothingToEitherStore() {
        saturday.stores().journal().clear(); // set-up (table, bucket, datasets) wrote; the run must not
        LocalRunReport report = saturday.run("{\"preflight_only\": true}");

        assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.enteredStates()).contains("Preflight", "PreflightPassed")
                .doesNotContain("ResearchPredictorParallel");
        RequestJournal journal = saturday.stores().journal();
        assertThat(journal.entries()).as("preflight did read both stores").isNotEmpty();
        assertThat(journal.entries()).extracting(RequestJournal.Entry::service)
                .contains(RequestJournal.DYNAMODB, RequestJournal.S3);
        assertThat(journal.writes()).isEmpty();
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

    /** StartExecution takes any JSON value; the Catch must not need the input to be an object to record the error. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "null  | got null",
            "[]    | got []",
            "42    | got 42",
            "\"x\" | got \"x\"",
            "[{}]  | got [{}]"})
    void anInputThatIsNotAnObjectEndsInInputRejected(String input, String got) {
        saturday.stores().journal().clear();
        LocalRunReport report = saturday.run(input);

        assertThat(report.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(report.failState()).contains("InputRejected");
        assertThat(report.error()).as(report.cause()).isEqualTo("InvalidInput");
        assertThat(Scenarios.errorMessage(report)).contains("expected a JSON object such as", got);
        assertThat(report.tasksRun()).containsExactly("ValidateInput");
        assertThat(saturday.stores().journal().writes()).isEmpty();
    }
}
