package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.localstores.EmbeddedStores;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh table and bucket on the shared embedded stores, and a registry wired to them through AwsClients. */
final class RegistryFixture {

    static final Instant STARTED = Instant.parse("2026-03-07T02:00:00Z");
    static final DatasetRef DATASET = new DatasetRef("s3://zoo-data/datasets/churn/", "ts", "label");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final Map<String, String> env;
    final DynamoDbClient dynamo;
    final S3Client s3;
    final ArtifactStore artifacts;
    final ModelRegistry registry;

    RegistryFixture(EmbeddedStores stores, EventPublisher events) {
        int n = COUNTER.incrementAndGet();
        env = ZooEnv.withStores("zoo-registry-" + n, "zoo-bucket-" + n, stores.awsEnv());
        dynamo = AwsClients.dynamoDb(env);
        s3 = AwsClients.s3(env);
        RegistryTables.create(dynamo, env.get("ZOO_TABLE"));
        artifacts = new ArtifactStore(s3, env.get("ZOO_BUCKET"));
        artifacts.createBucketIfMissing();
        registry = new ModelRegistry(dynamo, env.get("ZOO_TABLE"), artifacts, events);
    }

    static Registration registration(String executionId, String specId, String label, Map<String, Double> metrics) {
        return new Registration(executionId, specId, label, "0123abc", "sha256:feed", Map.of("num_leaves", 31,
                "learning_rate", 0.05, "objective", "binary"), DATASET, metrics, STARTED, STARTED.plusSeconds(600), 0.42);
    }

    static Registration registration(String executionId, String specId, String label) {
        return registration(executionId, specId, label, Map.of("auc", 0.81, "logloss", 0.43));
    }
}
