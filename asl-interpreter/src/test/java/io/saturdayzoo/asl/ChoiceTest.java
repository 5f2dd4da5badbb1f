package io.saturdayzoo.asl;

import io.saturdayzoo.asl.execution.ExecutionResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.saturdayzoo.asl.Asl.run;
import static org.assertj.core.api.Assertions.assertThat;

class ChoiceTest {
    private static final String INPUT = """
            {"s":"beta","n":5,"b":true,"t":"2026-01-03T06:00:00Z","nul":null,"other":"beta","m":5,"later":"2026-02-01T00:00:00+01:00",
             "file":"model-v12.txt","star":"a*b"}""";

    /** Runs a Choice whose single rule is {@code rule}; returns "Yes" when it matched, "No" (Default) otherwise. */
    private static String choose(String rule) {
        ExecutionResult r = run("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[RULE],"Default":"No"},
                  "Yes":{"Type":"Pass","Result":"Yes","End":true},
                  "No":{"Type":"Pass","Result":"No","End":true}}}""".replace("RULE", rule.replace("RULE_NEXT", "")
                .replaceFirst("}$", ",\"Next\":\"Yes\"}")), INPUT);
        assertThat(r.succeeded()).as("execution of rule %s: %s %s", rule, r.error(), r.cause()).isTrue();
        return r.output().asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"Variable":"$.s","StringEquals":"beta"}                              | Yes
            {"Variable":"$.s","StringEquals":"alpha"}                             | No
            {"Variable":"$.s","StringLessThan":"gamma"}                           | Yes
            {"Variable":"$.s","StringGreaterThan":"gamma"}                        | No
            {"Variable":"$.s","StringLessThanEquals":"beta"}                      | Yes
            {"Variable":"$.s","StringGreaterThanEquals":"beta"}                   | Yes
            {"Variable":"$.s","StringEqualsPath":"$.other"}                       | Yes
            {"Variable":"$.s","StringLessThanPath":"$.other"}                     | No
            {"Variable":"$.s","StringGreaterThanPath":"$.other"}                  | No
            {"Variable":"$.s","StringLessThanEqualsPath":"$.other"}               | Yes
            {"Variable":"$.s","StringGreaterThanEqualsPath":"$.other"}            | Yes
            {"Variable":"$.file","StringMatches":"model-v*.txt"}                  | Yes
            {"Variable":"$.file","StringMatches":"model-*.csv"}                   | No
            {"Variable":"$.star","StringMatches":"a\\\\*b"}                       | Yes
            {"Variable":"$.file","StringMatches":"a\\\\*b"}                       | No
            {"Variable":"$.n","NumericEquals":5}                                  | Yes
            {"Variable":"$.n","NumericEquals":5.0}                                | Yes
            {"Variable":"$.n","NumericLessThan":5}                                | No
            {"Variable":"$.n","NumericGreaterThan":4.5}                           | Yes
            {"Variable":"$.n","NumericLessThanEquals":5}                          | Yes
            {"Variable":"$.n","NumericGreaterThanEquals":6}                       | No
            {"Variable":"$.n","NumericEqualsPath":"$.m"}                          | Yes
            {"Variable":"$.n","NumericLessThanPath":"$.m"}                        | No
            {"Variable":"$.n","NumericGreaterThanPath":"$.m"}                     | No
            {"Variable":"$.n","NumericLessThanEqualsPath":"$.m"}                  | Yes
            {"Variable":"$.n","NumericGreaterThanEqualsPath":"$.m"}               | Yes
            {"Variable":"$.s","NumericEquals":5}                                  | No
            {"Variable":"$.b","BooleanEquals":true}                               | Yes
            {"Variable":"$.b","BooleanEquals":false}                              | No
            {"Variable":"$.b","BooleanEqualsPath":"$.b"}                          | Yes
            {"Variable":"$.t","TimestampEquals":"2026-01-03T07:00:00+01:00"}      | Yes
            {"Variable":"$.t","TimestampLessThan":"2026-01-03T06:00:01Z"}         | Yes
            {"Variable":"$.t","TimestampGreaterThan":"2026-01-03T06:00:01Z"}      | No
            {"Variable":"$.t","TimestampLessThanEquals":"2026-01-03T06:00:00Z"}   | Yes
            {"Variable":"$.t","TimestampGreaterThanEquals":"2026-01-04T00:00:00Z"}| No
            {"Variable":"$.t","TimestampEqualsPath":"$.t"}                        | Yes
            {"Variable":"$.t","TimestampLessThanPath":"$.later"}                  | Yes
            {"Variable":"$.t","TimestampGreaterThanPath":"$.later"}               | No
            {"Variable":"$.t","TimestampLessThanEqualsPath":"$.later"}            | Yes
            {"Variable":"$.t","TimestampGreaterThanEqualsPath":"$.later"}         | No
            {"Variable":"$.nul","IsNull":true}                                    | Yes
            {"Variable":"$.s","IsNull":true}                                      | No
            {"Variable":"$.s","IsPresent":true}                                   | Yes
            {"Variable":"$.absent","IsPresent":true}                              | No
            {"Variable":"$.absent","IsPresent":false}                             | Yes
            {"Variable":"$.n","IsNumeric":true}                                   | Yes
            {"Variable":"$.s","IsNumeric":true}                                   | No
            {"Variable":"$.s","IsString":true}                                    | Yes
            {"Variable":"$.n","IsString":true}                                    | No
            {"Variable":"$.b","IsBoolean":true}                                   | Yes
            {"Variable":"$.s","IsBoolean":false}                                  | Yes
            {"Variable":"$.t","IsTimestamp":true}                                 | Yes
            {"Variable":"$.s","IsTimestamp":true}                                 | No
            {"Variable":"$$.Execution.Name","StringEquals":"run-1"}               | Yes
            {"And":[{"Variable":"$.n","NumericEquals":5},{"Variable":"$.b","BooleanEquals":true}]}  | Yes
            {"And":[{"Variable":"$.n","NumericEquals":5},{"Variable":"$.b","BooleanEquals":false}]} | No
            {"Or":[{"Variable":"$.n","NumericEquals":1},{"Variable":"$.b","BooleanEquals":true}]}   | Yes
            {"Or":[{"Variable":"$.n","NumericEquals":1},{"Variable":"$.b","BooleanEquals":false}]}  | No
            {"Not":{"Variable":"$.s","StringEquals":"beta"}}                                        | No
            {"Not":{"Variable":"$.s","StringEquals":"alpha"}}                                       | Yes
            """)
    void operator(String rule, String expected) {
        assertThat(choose(rule)).isEqualTo(expected);
    }

    @Test
    void firstMatchingRuleWinsAndOutputIsTheInput() {
        ExecutionResult r = run("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","OutputPath":"$.n","Choices":[
                     {"Variable":"$.n","NumericGreaterThan":1,"Next":"First"},
                     {"Variable":"$.n","NumericGreaterThan":0,"Next":"Second"}]},
                  "First":{"Type":"Succeed"},"Second":{"Type":"Succeed"}}}""", INPUT);
        assertThat(r.enteredStates()).containsExactly("C", "First");
        assertThat(r.output().asInt()).isEqualTo(5);
    }

    @Test
    void noMatchWithoutDefaultIsNoChoiceMatched() {
        ExecutionResult r = run("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":0,"Next":"X"}]},
                  "X":{"Type":"Succeed"}}}""", INPUT);
        assertThat(r.error()).isEqualTo("States.NoChoiceMatched");
        assertThat(r.cause()).contains("'C'");
    }

    @Test
    void variableThatSelectsNothingIsStatesRuntime() {
        ExecutionResult r = run("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[{"Variable":"$.absent","StringEquals":"x","Next":"X"}],"Default":"X"},
                  "X":{"Type":"Succeed"}}}""", INPUT);
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("$.absent");
    }
}
