package io.saturdayzoo.lambdas.rotation;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.saturdayzoo.core.catalog.ZooCatalog;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.saturdayzoo.lambdas.testing.ZooFixture.event;
import static io.saturdayzoo.lambdas.testing.ZooFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@ExtendWith(ZooFixture.Extension.class)
class SelectRotationHandlerTest {

    private static final Instant T0 = Instant.parse("2026-10-03T06:00:00Z");

    /** gamma trained longest ago, then beta, then alpha; delta never. */
    private static void trainHistory(ZooFixture zoo) {
        zoo.registerRun("exec-w1", "gamma-dart", "gamma", 0.70, T0);
        zoo.registerRun("exec-w2", "beta-gbdt", "beta", 0.71, T0.plusSeconds(7 * 86400));
        zoo.registerRun("exec-w3", "alpha-gbdt", "alpha", 0.72, T0.plusSeconds(14 * 86400));
    }

    @Test
    void picksTheStalestActiveSpecsWithTheCatalogBudget(ZooFixture zoo) {
        trainHistory(zoo);

        Map<String, Object> out = new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-1\", \"budget\": null, \"spec_ids\": null}"), null);

        assertThat(ids(out)).containsExactly("delta-gbdt", "gamma-dart");
        assertThat(out).containsEntry("fallback", false).containsEntry("budget", 2);
        assertThat(out.get("selected")).isEqualTo(List.of(
                Map.of("spec_id", "delta-gbdt", "label", "delta", "kind", "lightgbm"),
                Map.of("spec_id", "gamma-dart", "label", "gamma", "kind", "lightgbm-dart")));
        assertThat(out.get("ensembles")).isEqualTo(List.of());
    }

    @Test
    void aSpecTrainedBySeveralMachinesCarriesItsNodeCountAndTheNodeSizeItSetsInBatchUnits(ZooFixture zoo,
                                                                                          @TempDir Path dir)
            throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.json"), """
                {"zoo": "test", "budget": 3, "specs": [
                  {"id": "wide-gbdt", "kind": "lightgbm", "label": "wide", "nodes": 3, "node": {"memory_gib": 30},
                   "dataset": {"uri": "s3://test-data/datasets/wide/", "time_column": "ts", "target_column": "y"},
                   "status": "active"},
                  {"id": "narrow-gbdt", "kind": "lightgbm", "label": "narrow", "nodes": 1,
                   "dataset": {"uri": "s3://test-data/datasets/narrow/", "time_column": "ts", "target_column": "y"},
                   "status": "active"}]}""");

        Map<String, Object> out = new SelectRotationHandler(zoo.envWith(ZooCatalog.ENV_OVERRIDE, catalog.toString()))
                .handleRequest(event("""
                        {"execution_id": "exec-1", "spec_ids": ["wide-gbdt", "narrow-gbdt"]}"""), null);

        // the state machine routes on "nodes"; a field the spec leaves out takes the stack's default there
        assertThat(out.get("selected")).isEqualTo(List.of(
                Map.of("spec_id", "wide-gbdt", "label", "wide", "kind", "lightgbm", "nodes", 3,
                        "node", Map.of("memory_mib", "30720")),
                Map.of("spec_id", "narrow-gbdt", "label", "narrow", "kind", "lightgbm")));
    }

    @Test
    void theChoiceAlsoComesAsOneCommaJoinedStringAndTheCallWritesNothing(ZooFixture zoo) {
        trainHistory(zoo);
        zoo.stores().journal().clear();

        Map<String, Object> out = new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"friday-1\", \"budget\": 3}"), null);

        // the Friday dry run hands this string to its Batch job, which cannot take a list
        assertThat(out).containsEntry("spec_ids_joined", "delta-gbdt,gamma-dart,beta-gbdt");
        assertThat(zoo.stores().journal().entries()).isNotEmpty();
        assertThat(zoo.stores().journal().writes()).isEmpty();
    }

    @Test
    void budgetFromTheInputWins(ZooFixture zoo) {
        trainHistory(zoo);

        Map<String, Object> out = new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-1\", \"budget\": 3}"), null);

        assertThat(ids(out)).containsExactly("delta-gbdt", "gamma-dart", "beta-gbdt");
        assertThat(out).containsEntry("budget", 3);
    }

    @Test
    void aVersionOfTheRetiredSpecCountsForItsLabel(ZooFixture zoo) {
        // alpha-legacy shares label "alpha": its recent version makes alpha fresh, so alpha is not picked
        zoo.registerRun("exec-old", "alpha-legacy", "alpha", 0.6, T0.plusSeconds(30 * 86400));

        Map<String, Object> out = new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-1\", \"budget\": 4}"), null);

        assertThat(ids(out)).containsExactly("beta-gbdt", "delta-gbdt", "gamma-dart", "alpha-gbdt");
    }

    @Test
    void specIdsOverrideRotationInTheGivenOrder(ZooFixture zoo) {
        trainHistory(zoo);

        Map<String, Object> out = new SelectRotationHandler(zoo.env()).handleRequest(
                event("{\"execution_id\": \"exec-1\", \"spec_ids\": [\"alpha-gbdt\", \"beta-gbdt\", \"gamma-dart\"]}"), null);

        assertThat(ids(out)).containsExactly("alpha-gbdt", "beta-gbdt", "gamma-dart");
        assertThat(out).containsEntry("fallback", false);
    }

    @Test
    void unknownAndRetiredSpecIdsAreRejectedByName(ZooFixture zoo) {
        UnknownSpecIds error = catchThrowableOfType(UnknownSpecIds.class, () -> new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"spec_ids\": [\"alpha-gbdt\", \"omega\", \"alpha-legacy\", \"zeta\"]}"), null));

        assertThat(error.errorName()).isEqualTo("UnknownSpecIds");
        assertThat(error.unknown()).containsExactly("omega", "zeta");
        assertThat(error.retired()).containsExactly("alpha-legacy");
        assertThat(error.getMessage()).isEqualTo("field 'spec_ids': unknown spec ids [omega, zeta]; retired spec ids "
                + "[alpha-legacy]; active spec ids are [alpha-gbdt, beta-gbdt, gamma-dart, delta-gbdt]");
    }

    @Test
    void missingTableFallsBackToIdOrder(ZooFixture zoo) {
        Map<String, Object> out = new SelectRotationHandler(zoo.envWith("ZOO_TABLE", "no-such-table"))
                .handleRequest(event("{\"execution_id\": \"exec-1\", \"budget\": 3}"), null);

        assertThat(out).containsEntry("fallback", true).containsEntry("budget", 3);
        assertThat(ids(out)).containsExactly("alpha-gbdt", "beta-gbdt", "delta-gbdt");
        // quarantine could not be read either, and the notice says so rather than "none"
        assertThat(out).containsEntry("quarantine", "not known (registry unreachable)");
        assertThat(((Map<?, ?>) out.get("reasons")).get("alpha-gbdt")).isEqualTo("fallback: id order (registry unreachable)");
        assertThat(((Map<?, ?>) out.get("reasons")).get("gamma-dart")).isEqualTo("not picked: budget");
    }

    @Test
    void unreachableRegistryFallsBackToIdOrderInsteadOfStaleness(ZooFixture zoo) {
        trainHistory(zoo); // healthy, rotation would pick delta and gamma
        String closed = "http://127.0.0.1:" + ZooFixture.closedPort();

        Map<String, Object> out = new SelectRotationHandler(zoo.envWith(AwsClients.ENDPOINT_DYNAMODB, closed))
                .handleRequest(event("{\"execution_id\": \"exec-1\"}"), null);

        assertThat(out).containsEntry("fallback", true).containsEntry("budget", 2);
        assertThat(ids(out)).containsExactly("alpha-gbdt", "beta-gbdt");
    }

    @Test
    void registryThatNeverAnswersFallsBackAfterTheShortTimeout(ZooFixture zoo) throws IOException {
        // The kernel accepts connections on a listening socket nobody reads: every request hangs until timed out.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String endpoint = "http://127.0.0.1:" + silent.getLocalPort();

            Map<String, Object> out = new SelectRotationHandler(zoo.envWith(AwsClients.ENDPOINT_DYNAMODB, endpoint))
                    .handleRequest(event("{\"execution_id\": \"exec-1\"}"), null);

            assertThat(out).containsEntry("fallback", true);
            assertThat(ids(out)).containsExactly("alpha-gbdt", "beta-gbdt");
        }
    }

    @Test
    void explicitSpecIdsNeedNoRegistry(ZooFixture zoo) {
        String closed = "http://127.0.0.1:" + ZooFixture.closedPort();

        Map<String, Object> out = new SelectRotationHandler(zoo.envWith(AwsClients.ENDPOINT_DYNAMODB, closed))
                .handleRequest(event("{\"spec_ids\": [\"delta-gbdt\"]}"), null);

        assertThat(ids(out)).containsExactly("delta-gbdt");
        assertThat(out).containsEntry("fallback", false);
    }

    @Test
    void malformedBudgetIsRejectedByName(ZooFixture zoo) {
        assertThatThrownBy(() -> new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"budget\": \"two\"}"), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("field 'budget': expected a positive integer, got \"two\"");
        assertThatThrownBy(() -> new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"spec_ids\": [\"alpha-gbdt\", 3]}"), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("field 'spec_ids[1]': expected a non-empty string, got 3");
    }

    @Test
    void anEnsembleTrainsInTheSecondPassAndBringsItsBasesIntoTheFirst(ZooFixture zoo) throws IOException {
        String ensembleAndSecondBase = """
                {"id": "beta-stack", "kind": "logistic-stack", "label": "beta-stack", "bases": ["beta-gbdt", "beta-dart"],
                 "dataset": {"uri": "s3://test-data/datasets/beta/", "time_column": "ts", "target_column": "y"},
                 "status": "active"},
                {"id": "beta-dart", "kind": "lightgbm-dart", "label": "beta-dart",
                 "dataset": {"uri": "s3://test-data/datasets/beta/", "time_column": "ts", "target_column": "y"},
                 "status": "active"},
                """;
        String withEnsemble = ZooFixture.CATALOG.replace("{\"id\": \"alpha-legacy\"",
                ensembleAndSecondBase + "{\"id\": \"alpha-legacy\"");
        Path catalog = Files.createTempFile("catalog", ".json");
        Files.writeString(catalog, withEnsemble);
        Map<String, Object> out = new SelectRotationHandler(zoo.envWith("ZOO_CATALOG", catalog.toString()))
                .handleRequest(event("{\"spec_ids\": [\"beta-stack\", \"delta-gbdt\"]}"), null);

        assertThat(ids(out)).containsExactly("delta-gbdt", "beta-gbdt", "beta-dart");
        assertThat(out.get("ensembles")).isEqualTo(List.of(
                Map.of("spec_id", "beta-stack", "label", "beta-stack", "kind", "logistic-stack")));
        Files.delete(catalog);
    }

    @Test
    void championsRetrainOutsideTheBudgetAQuarantinedSpecIsSkippedAndEverySpecHasItsReason(ZooFixture zoo) {
        trainHistory(zoo);
        zoo.registry().promote("beta", 1, "exec-w2");
        io.saturdayzoo.core.catalog.ZooCatalog catalog = io.saturdayzoo.core.catalog.ZooCatalog.loadDefault(zoo.env());
        io.saturdayzoo.core.attempts.AttemptLog attempts = new io.saturdayzoo.core.attempts.AttemptLog(
                AwsClients.dynamoDb(zoo.env()), zoo.table());
        String gamma = io.saturdayzoo.core.attempts.SpecFingerprint.of(catalog.require("gamma-dart"));
        for (int week = 1; week <= 3; week++) {
            attempts.record("exec-f" + week, "gamma-dart", gamma,
                    io.saturdayzoo.core.attempts.SpecAttempts.Outcome.FAILED, "States.TaskFailed: OOM in week " + week);
        }
        zoo.stores().journal().clear();

        Map<String, Object> out = new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-4\", \"budget\": 2}"), null);

        assertThat(ids(out)).containsExactly("beta-gbdt", "delta-gbdt", "alpha-gbdt");
        assertThat(out.get("reasons")).isEqualTo(Map.of(
                "alpha-gbdt", "stalest (last trained " + T0.plusSeconds(14 * 86400) + ")",
                "beta-gbdt", "champion retrain (beta#v1)",
                "gamma-dart", "quarantined: 3 failures, last: States.TaskFailed: OOM in week 3",
                "delta-gbdt", "stalest (never trained)",
                "alpha-legacy", "not picked: retired"));
        assertThat(out.get("quarantined")).isEqualTo(List.of(Map.of("spec_id", "gamma-dart",
                "reason", "quarantined: 3 failures, last: States.TaskFailed: OOM in week 3")));
        assertThat(out).containsEntry("quarantine",
                "gamma-dart (quarantined: 3 failures, last: States.TaskFailed: OOM in week 3)");
        assertThat(zoo.stores().journal().writes()).isEmpty();
        // O(specs) items by key, never a scan of the table
        assertThat(zoo.stores().journal().entries()).noneMatch(e -> e.operation().equals("Scan"));
    }

    @Test
    void namedSpecsTrainEvenWhenQuarantinedAndSaySo(ZooFixture zoo) {
        Map<String, Object> out = new SelectRotationHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-5\", \"spec_ids\": [\"gamma-dart\"]}"), null);

        assertThat(ids(out)).containsExactly("gamma-dart");
        assertThat(((Map<?, ?>) out.get("reasons")).get("gamma-dart")).isEqualTo("named in spec_ids");
        assertThat(((Map<?, ?>) out.get("reasons")).get("beta-gbdt")).isEqualTo("not picked: not named in spec_ids");
        assertThat(out).containsEntry("quarantine", "none");
    }
}
