package io.saturdayzoo.core.attempts;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SpecStatus;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.saturdayzoo.core.attempts.SpecAttempts.Outcome.FAILED;
import static io.saturdayzoo.core.attempts.SpecAttempts.Outcome.OK;
import static org.assertj.core.api.Assertions.assertThat;

/** Attempt summaries on DynamoDB Local: counted once per execution, reset by a success or a changed entry. */
class AttemptLogTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedStores stores;
    private AttemptLog log;

    @BeforeAll
    static void start() {
        stores = EmbeddedStores.start(null);
    }

    @AfterAll
    static void stop() {
        stores.close();
    }

    @BeforeEach
    void freshTable() {
        String table = "attempts-" + TABLES.incrementAndGet();
        DynamoDbClient dynamo = AwsClients.dynamoDb(ZooEnv.withStores(table, "unused-bucket", stores.awsEnv()));
        RegistryTables.create(dynamo, table);
        log = new AttemptLog(dynamo, table);
    }

    @Test
    void failuresCountOncePerExecutionAndASuccessResetsThem() {
        log.record("e1", "churn", "h1", FAILED, "States.TaskFailed: OOM");
        log.record("e1", "churn", "h1", FAILED, "retried report of the same execution");
        SpecAttempts two = log.record("e2", "churn", "h1", FAILED, "States.Timeout: job timed out");
        assertThat(two.consecutiveFailures()).isEqualTo(2);
        assertThat(two.lastError()).isEqualTo("States.Timeout: job timed out");
        assertThat(two.lastExecution()).isEqualTo("e2");

        SpecAttempts ok = log.record("e3", "churn", "h1", OK, null);
        assertThat(ok.consecutiveFailures()).isZero();
        assertThat(ok.lastError()).isNull();
        assertThat(log.summaries(List.of("churn")).get("churn")).isEqualTo(ok);
    }

    @Test
    void aChangedEntryStartsItsCountAfresh() {
        log.record("e1", "churn", "h1", FAILED, "boom");
        log.record("e2", "churn", "h1", FAILED, "boom");
        SpecAttempts changed = log.record("e3", "churn", "h2", FAILED, "boom again");
        assertThat(changed.consecutiveFailures()).isEqualTo(1);
        assertThat(changed.specHash()).isEqualTo("h2");
    }

    @Test
    void longErrorsAreShortenedAndManySpecsAreReadInBatches() {
        String longError = "x".repeat(2_000);
        assertThat(log.record("e1", "a", "h", FAILED, longError).lastError())
                .hasSize(AttemptLog.MAX_ERROR_CHARS + 3).endsWith("...");
        List<String> ids = IntStream.range(0, 230).mapToObj(i -> "spec-" + i).toList();
        ids.forEach(id -> log.record("e1", id, "h", OK, null));
        Map<String, SpecAttempts> read = log.summaries(ids);
        assertThat(read).hasSize(230);
        assertThat(log.summaries(List.of("never-attempted"))).isEmpty();
    }

    @Test
    void theFingerprintFollowsTheEntryNotItsFieldOrder() {
        DatasetRef data = new DatasetRef("s3://zoo-data/datasets/churn/", "ts", "label");
        ModelSpec a = new ModelSpec("churn", "lightgbm", "churn", data, Map.of("num_leaves", 31, "learning_rate", 0.05),
                SpecStatus.ACTIVE);
        ModelSpec sameOtherOrder = new ModelSpec("churn", "lightgbm", "churn", data,
                new java.util.LinkedHashMap<>(Map.of("learning_rate", 0.05, "num_leaves", 31)), SpecStatus.ACTIVE);
        ModelSpec changed = new ModelSpec("churn", "lightgbm", "churn", data, Map.of("num_leaves", 63,
                "learning_rate", 0.05), SpecStatus.ACTIVE);
        assertThat(SpecFingerprint.of(a)).isEqualTo(SpecFingerprint.of(sameOtherOrder)).startsWith("sha256:")
                .isNotEqualTo(SpecFingerprint.of(changed));
    }
}
