package io.saturdayzoo.lambdas.validateinput;

import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.saturdayzoo.lambdas.testing.ZooFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ValidateInputHandlerTest {

    @TempDir
    static Path dir;
    static ValidateInputHandler handler;

    /** The payload the ValidateInput state sends: the execution input (any JSON value) under "input". */
    private static Map<String, Object> input(String executionInput) {
        return event("{\"input\": " + executionInput + "}");
    }

    @BeforeAll
    static void catalog() throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.json"), ZooFixture.CATALOG);
        handler = new ValidateInputHandler(Map.of("ZOO_CATALOG", catalog.toString()));
    }

    @Test
    void emptyInputGetsEveryDefaultWithTheCatalogBudget() {
        Map<String, Object> out = handler.handleRequest(input("{}"), null);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("skip_research", false);
        expected.put("skip_predictor_training", false);
        expected.put("skip_eval_gate", false);
        expected.put("preflight_only", false);
        expected.put("budget", 2);
        expected.put("spec_ids", null);
        assertThat(out).containsExactlyEntriesOf(expected);
    }

    @Test
    void anExplicitNullIsRejectedNamingTheField() {
        // Branches merge the raw input over the defaults: a null there would silently replace a default.
        for (String field : List.of("skip_research", "skip_predictor_training", "skip_eval_gate", "preflight_only",
                "budget", "spec_ids")) {
            assertThatThrownBy(() -> handler.handleRequest(input("{\"" + field + "\": null}"), null))
                    .as(field)
                    .hasMessageContaining("field '" + field + "'")
                    .hasMessageContaining("null");
        }
    }

    @Test
    void validInputIsReturnedNormalized() {
        Map<String, Object> out = handler.handleRequest(input("""
                {"skip_research": true, "budget": 4, "spec_ids": ["gamma-dart", "alpha-gbdt"]}
                """), null);

        assertThat(out).containsEntry("skip_research", true)
                .containsEntry("skip_predictor_training", false)
                .containsEntry("preflight_only", false)
                .containsEntry("budget", 4)
                .containsEntry("spec_ids", List.of("gamma-dart", "alpha-gbdt"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            null    | got null
            []      | got []
            42      | got 42
            "x"     | got "x"
            [{}]    | got [{}]
            """)
    void anInputThatIsNotAnObjectIsRejectedAsAWhole(String input, String got) {
        InvalidInput error = catchThrowableOfType(InvalidInput.class, () -> handler.handleRequest(input(input), null));

        assertThat(error).as("input %s", input).isNotNull();
        assertThat(error.problems()).containsExactly(
                "expected a JSON object such as {\"skip_research\": true}, " + got);
    }

    @Test
    void aPayloadWithoutTheInputFieldIsAWiringMistake() {
        assertThatThrownBy(() -> handler.handleRequest(event("{\"skip_research\": true}"), null))
                .isInstanceOf(InvalidPayload.class).hasMessageContaining("field 'input': missing");
        assertThatThrownBy(() -> handler.handleRequest(null, null)).isInstanceOf(InvalidPayload.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"budget": "three"}                 | field 'budget': expected a positive integer, got "three"
            {"budget": 0}                       | field 'budget': expected a positive integer, got 0
            {"budget": -2}                      | field 'budget': expected a positive integer, got -2
            {"budget": 2.5}                     | field 'budget': expected a positive integer, got 2.5
            {"budget": true}                    | field 'budget': expected a positive integer, got true
            {"budget": 99999999999}             | field 'budget': expected a positive integer, got 99999999999
            {"skip_research": "yes"}            | field 'skip_research': expected a boolean (true or false), got "yes"
            {"skip_predictor_training": 1}      | field 'skip_predictor_training': expected a boolean (true or false), got 1
            {"skip_eval_gate": "false"}         | field 'skip_eval_gate': expected a boolean (true or false), got "false"
            {"preflight_only": [true]}          | field 'preflight_only': expected a boolean (true or false), got [true]
            {"spec_ids": "alpha-gbdt"}          | field 'spec_ids': expected a non-empty list of spec ids, got "alpha-gbdt"
            {"spec_ids": []}                    | field 'spec_ids': expected a non-empty list of spec ids, got []
            {"spec_ids": ["alpha-gbdt", ""]}    | field 'spec_ids[1]': expected a non-empty string, got ""
            {"spec_ids": [7]}                   | field 'spec_ids[0]': expected a non-empty string, got 7
            {"spec_ids": ["nope"]}              | field 'spec_ids[0]': unknown spec id "nope" (active: alpha-gbdt, beta-gbdt, gamma-dart, delta-gbdt)
            {"spec_ids": ["alpha-legacy"]}      | field 'spec_ids[0]': spec "alpha-legacy" is retired
            {"spec_ids": ["beta-gbdt", "beta-gbdt"]} | field 'spec_ids[1]': duplicate spec id "beta-gbdt"
            {"budgets": 3}                      | field 'budgets': unknown field (allowed: skip_research, skip_predictor_training, skip_eval_gate, preflight_only, budget, spec_ids)
            """)
    void eachBadFieldIsRejectedByNameAndValue(String input, String expectedProblem) {
        InvalidInput error = catchThrowableOfType(InvalidInput.class, () -> handler.handleRequest(input(input), null));

        assertThat(error).as("input %s", input).isNotNull();
        assertThat(error.errorName()).isEqualTo("InvalidInput");
        assertThat(error.problems()).hasSize(1);
        assertThat(error.problems().get(0)).startsWith(expectedProblem);
        assertThat(error.getMessage()).contains(expectedProblem);
    }

    @Test
    void everyBadFieldIsReportedInOneError() {
        InvalidInput error = catchThrowableOfType(InvalidInput.class, () -> handler.handleRequest(input("""
                {"budget": "three", "skip_research": "yes", "colour": "blue", "spec_ids": ["nope"]}
                """), null));

        assertThat(error.problems()).hasSize(4);
        assertThat(error.getMessage()).contains("'budget'", "'skip_research'", "'colour'", "'spec_ids[0]'");
    }

    @Test
    void theErrorNameIsTheSimpleClassName() {
        assertThatThrownBy(() -> handler.handleRequest(input("{\"budget\": \"x\"}"), null))
                .isInstanceOf(InvalidInput.class)
                .extracting(e -> e.getClass().getSimpleName()).isEqualTo("InvalidInput");
    }

    @Test
    void anUnreadableCatalogStopsTheHandlerFromStartingWithTheCatalogError() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), ZooFixture.CATALOG.replace(
                "\"status\": \"retired\"", "\"status\": \"archived\""));

        assertThatThrownBy(() -> new ValidateInputHandler(Map.of("ZOO_CATALOG", broken.toString())))
                .hasMessageContaining("spec 'alpha-legacy': field 'status': unknown value 'archived'");
    }

    @Test
    void fieldListMatchesTheNormalizedOutput() {
        assertThat(handler.handleRequest(input("{}"), null).keySet())
                .containsExactlyElementsOf(ExecutionInput.FIELDS);
        assertThat(Arrays.asList(ExecutionInput.SKIP_RESEARCH, ExecutionInput.SPEC_IDS)).isSubsetOf(ExecutionInput.FIELDS);
    }
}
