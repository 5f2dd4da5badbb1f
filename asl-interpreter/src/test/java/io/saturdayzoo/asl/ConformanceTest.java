package io.saturdayzoo.asl;

import io.saturdayzoo.asl.conformance.JavaScenarioRunner;
import io.saturdayzoo.asl.conformance.NodeConformanceRunner;
import io.saturdayzoo.asl.conformance.ScenarioOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs small definitions through this executor and through aws-local-stepfunctions 3.0.0 with the same scripted
 * Task outcomes, and asserts both agree on status, error, cause, the states that raised errors, and the output.
 */
class ConformanceTest {
    private static NodeConformanceRunner node;

    @BeforeAll
    static void harness() {
        node = NodeConformanceRunner.fromSystemProperty();
        assumeTrue(node.available(), "node or the harness at " + node.harnessDir() + " is not available");
    }

    /** What each interpreter made of one scenario file, scenario by scenario. */
    private record Both(List<ScenarioOutcome> java, List<ScenarioOutcome> reference) {
    }

    /** Runs {@code name}.asl.json with the scenarios of {@code name}.scenarios.json through both interpreters. */
    private static Both runBoth(String name) throws IOException {
        String definition = resource(name + ".asl.json");
        String scenarios = resource(name + ".scenarios.json");
        return new Both(JavaScenarioRunner.run(definition, scenarios), node.run(definition, scenarios));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/" + name)) {
            assertThat(in).as("test resource conformance/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"parallel-branch-failure", "catch", "retry", "map", "choice-and-data"})
    void bothInterpretersAgree(String name) throws IOException {
        Both both = runBoth(name);
        List<ScenarioOutcome> java = both.java();
        List<ScenarioOutcome> reference = both.reference();
        assertThat(java).hasSize(reference.size()).isNotEmpty();
        assertThat(java).usingRecursiveFieldByFieldElementComparator().isEqualTo(reference);
    }

    /**
     * A Parameters path that selects nothing. The ASL specification names this error States.ParameterPathFailure,
     * an ordinary (catchable) error; aws-local-stepfunctions 3.0.0 raises its uncatchable States.Runtime instead.
     * The specification decides: this executor is right, the reference interpreter is wrong here.
     */
    @Test
    void missingParameterPathDisagreementIsTheReferenceInterpretersBug() throws IOException {
        Both both = runBoth("parameter-path-failure");
        List<ScenarioOutcome> java = both.java();
        List<ScenarioOutcome> reference = both.reference();

        assertThat(java.get(0)).usingRecursiveComparison().isEqualTo(reference.get(0));
        ScenarioOutcome ours = java.get(1);
        ScenarioOutcome theirs = reference.get(1);
        assertThat(ours.scenario()).isEqualTo(theirs.scenario()).isEqualTo("budget-missing");
        assertThat(ours.status()).isEqualTo("SUCCEEDED");
        assertThat(ours.output()).isEqualTo(Asl.json("{\"error\":\"States.ParameterPathFailure\"}"));
        assertThat(theirs.status()).isEqualTo("FAILED");
        assertThat(theirs.error()).isEqualTo("States.Runtime");
    }

    /**
     * A distributed Map. aws-local-stepfunctions 3.0.0 has no distributed mode: it accepts ProcessorConfig and runs
     * the items inline. Where the modes agree (item data flow, a per-item Catch, no items) both interpreters must
     * agree; an uncaught item failure is where they part, and Step Functions' distributed semantics decide.
     */
    @Test
    void distributedMapAgreesWithTheReferenceWhereItsInlineRunBehavesTheSame() throws IOException {
        Both both = runBoth("distributed-map");
        List<ScenarioOutcome> java = both.java();
        List<ScenarioOutcome> reference = both.reference();

        assertThat(java).extracting(ScenarioOutcome::scenario).containsExactly("all-trained", "one-soft-failure",
                "hard-failure-stops-the-map", "empty");
        for (int i : new int[]{0, 1, 3}) {
            assertThat(java.get(i)).usingRecursiveComparison().isEqualTo(reference.get(i));
        }
        ScenarioOutcome ours = java.get(2);
        ScenarioOutcome theirs = reference.get(2);
        assertThat(theirs.error()).isEqualTo("Batch.JobFailed");
        assertThat(ours.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(ours.cause()).contains("1 of 3 child executions failed");
        assertThat(ours.failedStates()).isEqualTo(theirs.failedStates());
    }
}
