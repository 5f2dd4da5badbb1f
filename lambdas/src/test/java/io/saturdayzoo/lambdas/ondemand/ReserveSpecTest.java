package io.saturdayzoo.lambdas.ondemand;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.events.RecordingEventPublisher;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.CostLedger;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TrainingLedger's "reserve_spec", Saturday's reservation for one rotation item, on the embedded stores. */
@ExtendWith(ZooFixture.Extension.class)
class ReserveSpecTest {

    /** The size the state machine sends: the trainer job definition's, unlike the on-demand default (2 vCPU, 8 GiB). */
    private static final Map<String, Object> JOB_SIZE = Map.of("vcpus", 4, "memory_gib", 16,
            "wall_time_cap_minutes", 360);
    private static final Map<String, Object> NODE_SIZE = Map.of("vcpus", 8, "memory_gib", 30);
    private static final int BYTES = 3_000_000;

    @Test
    void aSpecIsReservedAtItsJobsSizeOncePerExecutionAndARetryGetsTheSameAllocation(ZooFixture fx) {
        dataset(fx, "alpha");
        Map<String, String> env = OnDemandHandlersTest.env(fx, "10");
        TrainingLedgerHandler handler = new TrainingLedgerHandler(env, new RecordingEventPublisher());

        Map<String, Object> first = handler.handleRequest(request("sat-1", "alpha-gbdt"), null);
        Map<String, Object> retried = handler.handleRequest(request("sat-1", "alpha-gbdt"), null);
        Map<String, Object> nextSaturday = handler.handleRequest(request("sat-2", "alpha-gbdt"), null);

        OnDemandSettings settings = OnDemandSettings.fromEnv(env);
        ModelSpec spec = ZooCatalog.loadDefault(env).spec("alpha-gbdt").orElseThrow();
        BigDecimal atJobSize = PlanTrainingHandler.estimate(spec, spec.params(), BYTES, 4, 16,
                Duration.ofMinutes(360), settings).usd();
        BigDecimal atOnDemandDefault = PlanTrainingHandler.estimate(spec, spec.params(), BYTES,
                settings.defaultVcpus(), settings.defaultMemoryGib(), Duration.ofMinutes(360), settings).usd();
        assertThat(first).containsEntry("vcpus", 4).containsEntry("memory_gib", 16)
                .containsEntry("estimated_usd", atJobSize.toPlainString());
        assertThat(atJobSize).isGreaterThan(atOnDemandDefault);

        assertThat(retried).as("the same execution and spec: the first reservation").isEqualTo(first);
        assertThat(nextSaturday.get("allocation_id")).isNotEqualTo(first.get("allocation_id"));
        CostLedger ledger = new CostLedger(AwsClients.dynamoDb(env), fx.table());
        CostLedger.Statement statement = ledger.statement(ledger.currentPeriod(), BigDecimal.TEN);
        assertThat(statement.allocations()).extracting(Allocation::executionId).containsExactlyInAnyOrder("sat-1",
                "sat-2");
        assertThat(statement.allocations()).allSatisfy(a -> {
            assertThat(a.caller()).isEqualTo("saturday:" + a.executionId());
            assertThat(a.state()).isEqualTo(Allocation.State.RESERVED);
        });
        assertThat(statement.reservedUsd()).as("charged once per execution")
                .isEqualByComparingTo(atJobSize.multiply(BigDecimal.valueOf(2)));
    }

    @Test
    void overBudgetIsRefusedNamingTheRemainingBudgetAndReservesNothing(ZooFixture fx) {
        dataset(fx, "alpha");
        dataset(fx, "beta");
        Map<String, String> roomy = OnDemandHandlersTest.env(fx, "10");
        ModelSpec alpha = ZooCatalog.loadDefault(roomy).spec("alpha-gbdt").orElseThrow();
        BigDecimal estimate = PlanTrainingHandler.estimate(alpha, alpha.params(), BYTES, 4, 16,
                Duration.ofMinutes(360), OnDemandSettings.fromEnv(roomy)).usd();
        // room for one spec and a half: the first is reserved, the second refused
        BigDecimal budget = estimate.multiply(new BigDecimal("1.5"));
        TrainingLedgerHandler handler = new TrainingLedgerHandler(OnDemandHandlersTest.env(fx,
                budget.toPlainString()), new RecordingEventPublisher());

        handler.handleRequest(request("sat-1", "alpha-gbdt"), null);
        BigDecimal remaining = budget.subtract(estimate);
        assertThatThrownBy(() -> handler.handleRequest(request("sat-1", "beta-gbdt"), null))
                .isInstanceOf(BudgetExceeded.class)
                .satisfies(e -> {
                    Matcher named = Pattern.compile("remaining budget of ([0-9.]+) USD").matcher(e.getMessage());
                    assertThat(named.find()).as(e.getMessage()).isTrue();
                    assertThat(new BigDecimal(named.group(1))).isEqualByComparingTo(remaining);
                });

        CostLedger ledger = new CostLedger(AwsClients.dynamoDb(roomy), fx.table());
        assertThat(ledger.statement(ledger.currentPeriod(), budget).allocations())
                .extracting(Allocation::specId).containsExactly("alpha-gbdt");
        assertThat(ledger.remaining(ledger.currentPeriod(), budget)).isEqualByComparingTo(remaining);
    }

    @Test
    void aMultiNodeSpecIsReservedForAllItsNodesItsOwnNodeSizeOverTheStacks(ZooFixture fx, @TempDir Path dir)
            throws IOException {
        dataset(fx, "delta");
        String multiNode = ZooFixture.CATALOG.replace("{\"id\": \"delta-gbdt\", \"kind\": \"lightgbm\",",
                "{\"id\": \"delta-gbdt\", \"kind\": \"lightgbm\", \"nodes\": 3, \"node\": {\"vcpus\": 6},");
        assertThat(multiNode).isNotEqualTo(ZooFixture.CATALOG);
        Map<String, String> env = new HashMap<>(OnDemandHandlersTest.env(fx, "10"));
        env.put("ZOO_CATALOG", Files.writeString(dir.resolve("catalog.json"), multiNode).toString());
        TrainingLedgerHandler handler = new TrainingLedgerHandler(env, new RecordingEventPublisher());

        Map<String, Object> reserved = handler.handleRequest(request("sat-1", "delta-gbdt"), null);

        // three nodes of 6 vCPUs (the spec's) and 30 GiB (the stack's node default)
        assertThat(reserved).containsEntry("vcpus", 18).containsEntry("memory_gib", 90);
    }

    @Test
    void aSpecNotInTheCatalogOrAMissingJobSizeIsNamed(ZooFixture fx) {
        TrainingLedgerHandler handler = new TrainingLedgerHandler(OnDemandHandlersTest.env(fx, "10"),
                new RecordingEventPublisher());
        assertThatThrownBy(() -> handler.handleRequest(request("sat-1", "nope-gbdt"), null))
                .hasMessageContaining("field 'spec.spec_id': \"nope-gbdt\" is not in the catalog");
        Map<String, Object> noSize = new HashMap<>(request("sat-1", "alpha-gbdt"));
        noSize.remove("job_size");
        assertThatThrownBy(() -> handler.handleRequest(noSize, null)).hasMessageContaining("field 'job_size'");
    }

    private static Map<String, Object> request(String executionId, String specId) {
        return Map.of("operation", "reserve_spec", "execution_id", executionId, "caller", "saturday:" + executionId,
                "spec", Map.of("spec_id", specId, "label", "ignored"), "job_size", JOB_SIZE, "node_size", NODE_SIZE);
    }

    private static void dataset(ZooFixture fx, String label) {
        S3Client s3 = AwsClients.s3(fx.env());
        try {
            s3.createBucket(b -> b.bucket("test-data"));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // shared by the tests of this run
        }
        s3.putObject(b -> b.bucket("test-data").key("datasets/" + label + "/part-0.csv"),
                RequestBody.fromBytes(new byte[BYTES]));
    }
}
