package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.conformance.JavaScenarioRunner;
import io.saturdayzoo.asl.conformance.NodeConformanceRunner;
import io.saturdayzoo.asl.conformance.ScenarioOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The synthesized Saturday definition through two interpreters with the same scripted Task outcomes: this project's
 * executor and aws-local-stepfunctions 3.0.0 (asl-interpreter/src/test/node). Both must agree on the final
 * status, the error and cause (the cause names each branch's status), and the states that raised errors.
 */
class SaturdayConformanceTest {
    private static NodeConformanceRunner node;
    private static String scenarios;

    @BeforeAll
    static void harness() throws IOException {
        node = NodeConformanceRunner.fromSystemProperty();
        assumeTrue(node.available(), "node or the harness at " + node.harnessDir() + " is not available");
        try (InputStream in = SaturdayConformanceTest.class.getResourceAsStream("/scenario/conformance.scenarios.json")) {
            scenarios = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bothInterpretersAgreeOnEveryScenario() throws IOException {
        String definition = Scenarios.definition();
        Map<String, ScenarioOutcome> java = byName(JavaScenarioRunner.run(definition, scenarios));
        Map<String, ScenarioOutcome> reference = byName(node.run(definition, scenarios));

        assertThat(java.keySet()).hasSize(15).isEqualTo(reference.keySet());
        for (String scenario : java.keySet()) {
            ScenarioOutcome j = java.get(scenario);
            ScenarioOutcome r = reference.get(scenario);
            assertThat(j.status()).as("%s: status", scenario).isEqualTo(r.status());
            assertThat(j.error()).as("%s: error", scenario).isEqualTo(r.error());
            assertThat(j.cause()).as("%s: cause", scenario).isEqualTo(r.cause());
            if (scenario.equals("one_spec_of_three_fails")) {
                // Disagreement, and the reference interpreter is the one that is wrong: RegisterCandidates did raise
                // SpecsFailed in both (the equal cause above carries it, and only that state produces it), yet
                // aws-local-stepfunctions 3.0.0 leaves its StateFailed event out of the event log when the state
                // follows a Map inside a Parallel branch. Every other failed state must still match.
                assertThat(j.failedStates()).as("%s: failed states", scenario).containsAll(r.failedStates());
                assertThat(new java.util.TreeSet<>(j.failedStates())).as("%s: extra failed states", scenario)
                        .isEqualTo(union(r.failedStates(), "RegisterCandidates"));
                continue;
            }
            assertThat(j.failedStates()).as("%s: failed states", scenario).isEqualTo(r.failedStates());
            if (j.output() != null) {
                assertThat(j.output().path("outcome")).as("%s: branch outcomes", scenario).isEqualTo(r.output().path("outcome"));
            }
        }
        // and the outcomes are the designed ones, not merely equal
        assertThat(java.get("happy_path").status()).isEqualTo("SUCCEEDED");
        assertThat(java.get("summary_fails_soft").status()).isEqualTo("SUCCEEDED");
        assertThat(java.get("summary_fails_soft").failedStates()).contains("SummarizeResearch");
        assertThat(java.get("research_fails").cause()).contains("research FAILED", "predictor training OK");
        assertThat(java.get("rotation_fails").cause()).contains("research OK", "predictor training FAILED");
        assertThat(java.get("both_fail").cause()).contains("research FAILED", "predictor training FAILED");
        assertThat(java.get("one_spec_of_three_fails").cause()).contains("predictor training FAILED", "SpecsFailed");
        assertThat(java.get("one_spec_of_three_fails").failedStates()).contains("TrainSpec", "RegisterCandidates");
        assertThat(java.get("bad_input").error()).isEqualTo("InvalidInput");
        assertThat(java.get("preflight_fails").error()).isEqualTo("PreflightFailed");
        assertThat(java.get("eval_gate_fails").error()).isEqualTo("InjectedFault");
        assertThat(java.get("alert_topic_unreachable").error()).isEqualTo("BranchFailed");
        assertThat(java.get("preflight_only").status()).isEqualTo("SUCCEEDED");
        assertThat(java.get("friday_trainer_preflight_fails").error()).isEqualTo("TrainerPreflightFailed");
        assertThat(java.get("friday_trainer_preflight_fails").cause())
                .contains("churn-gbdt,fraud-gbdt,demand-uplift-dart", "Essential container in task exited");
        assertThat(java.get("success_notice_lost").status()).isEqualTo("SUCCEEDED");
        assertThat(java.get("success_notice_lost").failedStates()).contains("NotifySuccess");
        assertThat(java.get("skip_eval_gate").status()).isEqualTo("SUCCEEDED");
        assertThat(java.get("skip_both_branches").output().path("outcome").path("branch_a_status").asText()).isEqualTo("OK");
    }

    private static java.util.TreeSet<String> union(java.util.Collection<String> names, String extra) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>(names);
        out.add(extra);
        return out;
    }

    private static Map<String, ScenarioOutcome> byName(List<ScenarioOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(ScenarioOutcome::scenario, Function.identity(),
                (a, b) -> a, java.util.TreeMap::new));
    }
}
