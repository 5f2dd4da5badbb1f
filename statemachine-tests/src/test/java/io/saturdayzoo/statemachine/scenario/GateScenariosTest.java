package io.saturdayzoo.statemachine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.mock.MockTestCase;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.lambdas.evalgate.EvalGateHandler;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.SaturdayServices;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate over every pending candidate, executed on the real definition with the real handlers and trainer: a
 * failed run's candidates, a skip_eval_gate run's and a killed run's are all decided by a later Saturday's gate,
 * and a second run of the gate changes nothing.
 */
class GateScenariosTest {
    private static final int ROWS = 3_000;

    @Test
    void aFailedRunsCandidatesAreDecidedByTheNextSaturdaysGateAfterTheDocumentedRecovery() {
        AtomicBoolean hostLost = new AtomicBoolean(true); // the first Saturday only
        LocalSaturday.Builder builder = Scenarios.saturday(ROWS).container((command, env, out, err) -> {
            if (command.contains("fraud-gbdt") && hostLost.get()) {
                err.println("saturday-trainer: failed: simulated Spot host loss for fraud-gbdt");
                return 1;
            }
            return SaturdayServices.trainer(command, env, out, err);
        });
        try (LocalSaturday saturday = builder.build()) {
            LocalRunReport failed = saturday.run("{}");
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.registered()).extracting(ModelVersion::versionId)
                    .containsExactlyInAnyOrder("churn#v1", "demand-uplift#v1");
            assertThat(failed.registered()).allSatisfy(v -> assertThat(v.lifecycle()).isEqualTo(Lifecycle.CANDIDATE));

            // the README's recovery: retrain only what failed, without research
            hostLost.set(false);
            LocalRunReport recovery = saturday.run("{\"spec_ids\": [\"fraud-gbdt\"], \"skip_research\": true}",
                    MockTestCase.empty());

            assertThat(recovery.status()).as("%s: %s", recovery.error(), recovery.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(recovery.registered()).extracting(ModelVersion::versionId).containsExactly("fraud#v1");
            assertThat(decisions(recovery)).containsEntry("churn#v1", "PROMOTED")
                    .containsEntry("demand-uplift#v1", "PROMOTED").containsEntry("fraud#v1", "PROMOTED");
            for (String label : List.of("churn", "demand-uplift", "fraud")) {
                assertThat(saturday.registry().champion(label)).as(label).isPresent();
            }
            assertThat(saturday.registry().candidates()).isEmpty();
        }
    }

    @Test
    void skipEvalGateThenAPlainRunDecidesBothAndASecondGateChangesNothing() {
        try (LocalSaturday saturday = Scenarios.saturday(ROWS).build()) {
            LocalRunReport skipped = saturday.run("{\"skip_eval_gate\": true, \"skip_research\": true}");
            assertThat(skipped.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(skipped.enteredStates()).doesNotContain("Backtest", "EvalGate");
            assertThat(skipped.registered()).allSatisfy(v -> assertThat(v.lifecycle()).isEqualTo(Lifecycle.CANDIDATE));

            LocalRunReport plain = saturday.run("{\"skip_research\": true}");

            assertThat(plain.status()).as("%s: %s", plain.error(), plain.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(plain.enteredStates()).contains("Backtest", "EvalGate");
            Map<String, String> decided = decisions(plain);
            // the newest candidate of each label is judged (no champion yet: it wins), the skipped run's superseded
            assertThat(decided).containsEntry("churn#v2", "PROMOTED").containsEntry("churn#v1", "SUPERSEDED")
                    .containsEntry("fraud#v2", "PROMOTED").containsEntry("fraud#v1", "SUPERSEDED")
                    .containsEntry("demand-uplift#v2", "PROMOTED").containsEntry("demand-uplift#v1", "SUPERSEDED");
            assertThat(saturday.registry().version("churn", 1).orElseThrow().lifecycleReason())
                    .isEqualTo("replaced by the newer candidate churn#v2, judged in its place");
            assertThat(saturday.registry().candidates()).isEmpty();

            // the gate again, as a retried EvalGate step would run it: nothing to decide, nothing written
            List<ModelVersion> before = everyVersion(saturday);
            int tableWrites = tableWrites(saturday);
            Map<String, Object> again = new EvalGateHandler(saturday.env()).handleRequest(
                    Map.of("execution_id", plain.executionId()), null);
            assertThat(again).isEqualTo(Map.of("decisions", List.of()));
            assertThat(everyVersion(saturday)).isEqualTo(before);
            assertThat(tableWrites(saturday)).as("writes to the registry table by the second gate").isEqualTo(tableWrites);
        }
    }

    @Test
    void aThirdSaturdayBacktestsEachCandidateAgainstItsChampionWithRealScoring() {
        try (LocalSaturday saturday = Scenarios.saturday(ROWS).build()) {
            assertThat(saturday.run("{\"skip_research\": true}").status()).isEqualTo(ExecutionStatus.SUCCEEDED);

            LocalRunReport next = saturday.run("{\"skip_research\": true}");

            assertThat(next.status()).as("%s: %s", next.error(), next.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode report = next.stateOutput("Backtest").orElseThrow();
            assertThat(report.path("backtest").path("status").asText()).isEqualTo("SUCCEEDED");
            ModelVersion churn = saturday.registry().version("churn", 2).orElseThrow();
            // the local world does not move between Saturdays: the champion trained on every row there is, so no
            // row is new to both, and the champion stays, saying so
            assertThat(churn.lifecycle()).isEqualTo(Lifecycle.REJECTED);
            assertThat(churn.lifecycleReason()).startsWith("champion churn#v1 kept: only 0 rows");
            assertThat(churn.gate()).containsEntry("verdict", "REJECTED").containsKey("backtest");
            assertThat(saturday.registry().champion("churn")).map(ModelVersion::versionId).contains("churn#v1");
        }
    }

    @Test
    void aKilledRunsCandidateIsRegisteredAndDecidedByTheNextSaturday() {
        try (LocalSaturday saturday = Scenarios.saturday(ROWS).build()) {
            // killed after its trainer wrote the run outputs, before RegisterCandidates: no RUN# record, no version
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
            assertThat(SaturdayServices.trainer(List.of("train", "--spec", "fraud-gbdt", "--execution-id", "killed-1"),
                    saturday.env(), quiet, quiet)).as(sink.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(saturday.registry().registeredBy("killed-1")).isEmpty();

            LocalRunReport next = saturday.run("{\"spec_ids\": [\"churn-gbdt\"], \"skip_research\": true}");

            assertThat(next.status()).as("%s: %s", next.error(), next.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            ModelVersion fraud = saturday.registry().registration("killed-1", "fraud-gbdt").orElseThrow();
            assertThat(fraud.versionId()).isEqualTo("fraud#v1");
            assertThat(fraud.lifecycle()).isEqualTo(Lifecycle.CHAMPION);
            assertThat(decisions(next)).containsEntry("fraud#v1", "PROMOTED").containsEntry("churn#v1", "PROMOTED");
            assertThat(next.stateOutput("RegisterCandidates").orElseThrow().path("registration").path("recovered")
                    .get(0).path("version_id").asText()).isEqualTo("fraud#v1");
        }
    }

    static Map<String, String> decisions(LocalRunReport report) {
        Map<String, String> out = new LinkedHashMap<>();
        report.stateOutput("EvalGate").orElseThrow().path("eval_gate").path("decisions")
                .forEach(d -> out.put(d.path("version_id").asText(), d.path("decision").asText()));
        return out;
    }

    static List<ModelVersion> everyVersion(LocalSaturday saturday) {
        List<ModelVersion> all = new ArrayList<>();
        saturday.registry().latestVersions().keySet().forEach(label -> all.addAll(saturday.registry().versions(label)));
        return all;
    }

    private static int tableWrites(LocalSaturday saturday) {
        return saturday.stores().journal().filter(e -> e.write() && RequestJournal.DYNAMODB.equals(e.service())).size();
    }
}
