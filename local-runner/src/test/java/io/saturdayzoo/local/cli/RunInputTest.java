package io.saturdayzoo.local.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code saturday run --local --input X}: a bad X is refused before synthesis, stores or data, naming the problem. */
class RunInputTest {

    @ParameterizedTest(name = "<{0}>")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not json                                | not valid JSON: Unrecognized token 'not'
            ``                                      | empty (expected a JSON object such as {})
            null                                    | expected a JSON object such as {"skip_research": true}, got null
            []                                      | expected a JSON object such as {"skip_research": true}, got []
            42                                      | expected a JSON object such as {"skip_research": true}, got 42
            "x"                                     | expected a JSON object such as {"skip_research": true}, got "x"
            {"preflight_only": true} {"budget": -5} | not valid JSON: text after the JSON value at line 1, column 26
            {"budget":1,"budget":2}                 | not valid JSON: Duplicate field 'budget'
            {"colour": "blue"}                      | field 'colour': unknown field
            {"budget": "3"}                         | field 'budget': expected a positive integer, got "3"
            {"skip_research": 1}                    | field 'skip_research': expected a boolean (true or false), got 1
            {"spec_ids": ["no-such-spec"]}          | field 'spec_ids[0]': unknown spec id "no-such-spec"
            """)
    void aBadInputExitsTwoWithOneLineAndCreatesNothing(String input, String problem, @TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dataDir = dir.resolve("data");

        // --rows keeps the run small should the check ever slip behind start-up again
        int code = SaturdayCli.execute(new String[]{"run", "--local", "--data-dir", dataDir.toString(), "--rows", "200",
                "--input", input}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(SaturdayCli.USAGE);
        assertThat(err.toString()).startsWith("saturday: --input: invalid execution input: " + problem)
                .hasLineCount(1);
        assertThat(out.toString()).as("nothing was started").isEmpty();
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void inputThatIsNotJsonIsRefusedBeforeTheCatalogIsRead(@TempDir Path dir) {
        StringWriter err = new StringWriter();

        int code = SaturdayCli.execute(new String[]{"run", "--local", "--data-dir", dir.resolve("data").toString(),
                "--catalog", dir.resolve("no-such-catalog.json").toString(), "--input", "{\"budget\":1,\"budget\":2}"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(SaturdayCli.USAGE);
        assertThat(err.toString()).startsWith("saturday: --input: invalid execution input: not valid JSON: "
                + "Duplicate field 'budget'");
    }
}
