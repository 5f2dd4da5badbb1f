package io.saturdayzoo.lambdas.validateinput;

import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Execution input given as text (the CLI's --input): read strictly, then validated like the Lambda's input. */
class ExecutionInputTest {

    private static final ZooCatalog CATALOG = ZooCatalog.parse(ZooFixture.CATALOG, "test");

    private static InvalidInput rejection(String text) {
        InvalidInput error = catchThrowableOfType(InvalidInput.class, () -> ExecutionInput.parse(text, CATALOG));
        assertThat(error).as("input <%s> should be rejected", text).isNotNull();
        assertThat(error.getMessage()).as("one line").doesNotContain("\n");
        return error;
    }

    @ParameterizedTest(name = "<{0}>")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                                          | invalid execution input: empty (expected a JSON object such as {})
            `   `                                       | invalid execution input: empty
            not json                                    | invalid execution input: not valid JSON: Unrecognized token 'not'
            {"preflight_only": true} {"budget": -5}     | invalid execution input: not valid JSON: text after the JSON value at line 1, column 26
            {"preflight_only": true} x                  | invalid execution input: not valid JSON:
            {"budget":1,"budget":2}                     | invalid execution input: not valid JSON: Duplicate field 'budget' at line 1
            {"spec_ids": ["alpha-gbdt"], "a": {"b": 1, "b": 2}} | Duplicate field 'b'
            {"budget": 2                                | invalid execution input: not valid JSON:
            null                                        | invalid execution input: expected a JSON object such as {"skip_research": true}, got null
            []                                          | invalid execution input: expected a JSON object such as {"skip_research": true}, got []
            42                                          | invalid execution input: expected a JSON object such as {"skip_research": true}, got 42
            "x"                                         | invalid execution input: expected a JSON object such as {"skip_research": true}, got "x"
            {"colour": "blue"}                          | field 'colour': unknown field
            {"budget": "3"}                             | field 'budget': expected a positive integer, got "3"
            {"budget": 1e39}                            | field 'budget': expected a positive integer, got 1.0E39
            {"skip_research": null}                     | field 'skip_research': expected a boolean (true or false), got null
            """)
    void badTextIsRejectedWithOneLineNamingTheProblem(String text, String expected) {
        assertThat(rejection(text).getMessage()).contains(expected);
    }

    @Test
    void aGoodObjectIsNormalizedWithTheCatalogDefaults() {
        ExecutionInput input = ExecutionInput.parse(" {\"skip_research\": true, \"spec_ids\": [\"beta-gbdt\"]}\n", CATALOG);

        assertThat(input.skipResearch()).isTrue();
        assertThat(input.budget()).isEqualTo(2);
        assertThat(input.specIds()).containsExactly("beta-gbdt");
    }

    @Test
    void readJsonAcceptsAnySingleValueForTheStateMachineToJudge() {
        assertThat(ExecutionInput.readJson("42").asInt()).isEqualTo(42);
        assertThat(ExecutionInput.readJson("null").isNull()).isTrue();
        assertThat(catchThrowableOfType(InvalidInput.class, () -> ExecutionInput.readJson("[1] [2]")).problems())
                .singleElement().asString().contains("text after the JSON value");
    }
}
