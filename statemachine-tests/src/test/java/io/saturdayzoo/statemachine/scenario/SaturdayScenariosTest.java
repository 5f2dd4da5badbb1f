package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.mock.MockTestCase;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.CostLedger;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.lambdas.registry.RegistryHandler;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.SaturdayServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Saturday definition, executed: real handlers, real LightGBM training on generated data, embedded stores.
 * Faults are injected the way Step Functions Local does (a mocked state throws) or, for a single spec, by a
 * training job that really exits non-zero.
 */
class SaturdayScenariosTest {
    /** Enough rows for the happy path's AUC check to say something about the models. */
    private static final int QUALITY_ROWS = 20_000;
    /** The other scenarios assert behaviour (what ran, failed, was registered or kept), not model quality. */
    private static final int ROWS = 3_000;
    private static final List<String> SPECS = List.of("churn-gbdt", "demand-uplift-dart", "fraud-gbdt");
    /** One pair of engines for the class; each case has a table and a bucket of its own on them. */
    @RegisterExtension
    static final SharedStores STORES = new SharedStores();

    @Test
    void happyPathTrainsRegistersAndRunsTheEvalGate() {
        try (LocalSaturday saturday = STORES.saturday(QUALITY_ROWS).build()) {
            LocalRunReport report = saturday.run("{}");

            assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.branchStatus("A")).isEqualTo("OK");
            assertThat(report.branchStatus("B")).isEqualTo("OK");
            assertThat(report.specResults()).containsOnlyKeys(SPECS).allSatisfy((spec, status) -> assertThat(status).isEqualTo("OK"));
            assertThat(report.registered()).extracting(ModelVersion::specId).containsExactlyInAnyOrderElementsOf(SPECS);
            assertThat(report.enteredStates()).contains("EvalGate", "NotifySuccess", "Done");
            // first versions of their labels: the gate has nothing to beat, so each becomes champion
            assertThat(report.registered()).allSatisfy(v -> {
                assertThat(v.lifecycle()).isEqualTo(Lifecycle.CHAMPION);
                assertThat(v.metrics().get("auc")).isBetween(0.55, 1.0);
            });
            assertThat(report.championChanges()).hasSize(3);
            assertThat(report.bucketKeys()).contains("research/" + report.executionId() + "/report.json");
            assertThat(Scenarios.dataViolations(saturday, report, Set.copyOf(SPECS))).isEmpty();
            assertThat(report.notifications()).singleElement()
                    .satisfies(n -> assertThat(n.message()).contains("succeeded", "research OK", "predictor training OK"));
        }
    }

    @Test
    void researchFailureFailsAfterTheJoinKeepsTheTrainedVersionsAndRecoversWithSkipPredictorTraining() {
        try (LocalSaturday saturday = STORES.saturday(ROWS).build()) {
            LocalRunReport failed = saturday.run("{}", Scenarios.failing(List.of("Research")));

            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.branchStatus("A")).isEqualTo("FAILED");
            assertThat(failed.branchStatus("B")).isEqualTo("OK");
            assertThat(failed.enteredStates()).contains("BranchBComplete", "AggregateBranchOutcomes", "HandleFailure",
                    "FailExecution").doesNotContain("EvalGate");
            assertThat(failed.notifications()).singleElement().satisfies(n -> assertThat(n.message())
                    .contains("research FAILED", Scenarios.INJECTED_ERROR, "predictor training OK"));
            assertThat(failed.cause()).contains("research FAILED");
            assertThat(failed.registered()).extracting(ModelVersion::specId).containsExactlyInAnyOrderElementsOf(SPECS);
            assertThat(failed.registered()).allSatisfy(v -> {
                assertThat(v.lifecycle()).as("not judged: the gate did not run").isEqualTo(Lifecycle.CANDIDATE);
                assertThat(failed.bucketKeys()).contains(v.artifactPrefix() + "model.txt");
            });

            // research is healthy again: re-run without training
            LocalRunReport recovery = saturday.run("{\"skip_predictor_training\": true}", MockTestCase.empty());

            assertThat(recovery.status()).as("%s: %s", recovery.error(), recovery.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(recovery.taskStarts("TrainSpec")).isZero();
            assertThat(recovery.branch("B").orElseThrow().skipped()).isTrue();
            assertThat(recovery.registered()).isEmpty();
            assertThat(Scenarios.dataViolations(saturday, recovery, Set.copyOf(SPECS))).isEmpty();
        }
    }

    @Test
    void trainingFailureFailsAfterTheJoinWithResearchDoneAndRecoversWithSkipResearch() {
        try (LocalSaturday saturday = STORES.saturday(ROWS).build()) {
            LocalRunReport failed = saturday.run("{}", Scenarios.failing(List.of("TrainSpec")));

            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.branchStatus("A")).isEqualTo("OK");
            assertThat(failed.branchStatus("B")).isEqualTo("FAILED");
            assertThat(failed.specResults()).containsOnlyKeys(SPECS).allSatisfy((spec, status) -> assertThat(status).isEqualTo("FAILED"));
            assertThat(failed.bucketKeys()).contains("research/" + failed.executionId() + "/report.json");
            assertThat(failed.notifications()).singleElement().satisfies(n -> assertThat(n.message())
                    .contains("research OK", "predictor training FAILED", "SpecsFailed"));
            assertThat(failed.registered()).isEmpty();

            LocalRunReport recovery = saturday.run("{\"skip_research\": true}", MockTestCase.empty());

            assertThat(recovery.status()).as("%s: %s", recovery.error(), recovery.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(recovery.taskStarts("Research")).isZero();
            assertThat(recovery.branch("A").orElseThrow().skipped()).isTrue();
            assertThat(recovery.registered()).extracting(ModelVersion::specId).containsExactlyInAnyOrderElementsOf(SPECS);
            assertThat(Scenarios.dataViolations(saturday, recovery, Set.copyOf(SPECS))).isEmpty();
        }
    }

    @Test
    void aFailedRegistrationKeepsEveryRunForTheRegistryLambdaToRegisterLater() {
        try (LocalSaturday saturday = STORES.saturday(ROWS).build()) {
            LocalRunReport failed = saturday.run("{\"skip_research\": true}",
                    Scenarios.failing(List.of("RegisterCandidates")));

            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.branchStatus("B")).isEqualTo("FAILED");
            // the trainer wrote its runs and no version: registration is the registry Lambda's alone
            assertThat(failed.registered()).isEmpty();
            assertThat(Scenarios.trainedSpecs(failed)).containsExactlyInAnyOrderElementsOf(SPECS);
            assertThat(Scenarios.dataViolations(saturday, failed, Set.copyOf(SPECS))).isEmpty();

            RegistryHandler registry = new RegistryHandler(saturday.env());
            for (String spec : SPECS) {
                registry.handleRequest(Map.<String, Object>of("operation", "register", "execution_id", failed.executionId(),
                        "spec_id", spec), null);
            }
            assertThat(saturday.registry().registeredBy(failed.executionId())).extracting(ModelVersion::specId)
                    .containsExactlyInAnyOrderElementsOf(SPECS);
        }
    }

    @Test
    void bothBranchesFailingIsReportedWithBothErrors() {
        try (LocalSaturday saturday = STORES.saturday(2_000).build()) {
            LocalRunReport report = saturday.run("{}", Scenarios.failing(List.of("Research", "SelectRotation")));

            assertThat(report.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(report.branchStatus("A")).isEqualTo("FAILED");
            assertThat(report.branchStatus("B")).isEqualTo("FAILED");
            assertThat(report.error()).isEqualTo("BranchFailed");
            assertThat(report.cause()).contains("research FAILED", "predictor training FAILED");
            assertThat(report.failState()).contains("FailExecution");
            assertThat(Scenarios.isolationViolations(report)).isEmpty();
            assertThat(report.registered()).isEmpty();
        }
    }

    @Test
    void oneSpecOfThreeFailingRegistersTheOtherTwoAndMarksBranchBFailed() {
        LocalSaturday.Builder builder = STORES.saturday(ROWS).container((command, env, out, err) -> {
            if (command.contains("fraud-gbdt")) {
                err.println("saturday-trainer: failed: simulated Spot host loss for fraud-gbdt");
                return 1;
            }
            return SaturdayServices.trainer(command, env, out, err);
        });
        try (LocalSaturday saturday = builder.build()) {
            LocalRunReport report = saturday.run("{}");

            assertThat(report.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(report.specResults()).containsEntry("fraud-gbdt", "FAILED").containsEntry("churn-gbdt", "OK")
                    .containsEntry("demand-uplift-dart", "OK");
            assertThat(report.branchStatus("A")).isEqualTo("OK");
            // by design: RegisterCandidates registers the good ones, then raises SpecsFailed so an operator sees it
            assertThat(report.branchStatus("B")).isEqualTo("FAILED");
            assertThat(report.cause()).contains("SpecsFailed", "fraud-gbdt");
            assertThat(report.registered()).extracting(ModelVersion::specId)
                    .containsExactlyInAnyOrder("churn-gbdt", "demand-uplift-dart");
            assertThat(report.registered()).allSatisfy(v -> assertThat(v.lifecycle())
                    .as("left for the next eval gate").isEqualTo(Lifecycle.CANDIDATE));
            assertThat(Scenarios.dataViolations(saturday, report, Set.of("churn-gbdt", "demand-uplift-dart"))).isEmpty();

            // every spec reserved through the ledger; the trained ones settled and stamped, the failed one released
            CostLedger ledger = new CostLedger(AwsClients.dynamoDb(saturday.env()), ZooEnv.from(saturday.env()).table());
            Map<String, Allocation> bySpec = ledger.statement(ledger.currentPeriod(),
                            java.math.BigDecimal.ZERO).allocations().stream()
                    .filter(a -> a.executionId().equals(report.executionId()))
                    .collect(Collectors.toMap(Allocation::specId, a -> a));
            assertThat(bySpec).containsOnlyKeys(SPECS);
            assertThat(bySpec).allSatisfy((spec, a) -> assertThat(a.caller()).isEqualTo("saturday:" + report.executionId()));
            assertThat(bySpec.get("fraud-gbdt").state()).isEqualTo(Allocation.State.RELEASED);
            assertThat(bySpec.get("fraud-gbdt").reason()).contains("fraud-gbdt");
            for (ModelVersion version : report.registered()) {
                Allocation allocation = bySpec.get(version.specId());
                assertThat(allocation.state()).isEqualTo(Allocation.State.SETTLED);
                Map<String, String> stamp = saturday.registry().settledCost(version.versionId());
                assertThat(stamp).containsEntry(ModelRegistry.ALLOCATION_ID, allocation.id());
                assertThat(new java.math.BigDecimal(stamp.get(ModelRegistry.SETTLED_COST_USD)))
                        .isEqualByComparingTo(allocation.settledUsd());
                assertThat(version.origin().allocationId()).as("the trainer recorded it").isEqualTo(allocation.id());
            }
        }
    }
}
