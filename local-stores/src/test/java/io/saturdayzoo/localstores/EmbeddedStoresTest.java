package io.saturdayzoo.localstores;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedStoresTest {

    private static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    static DynamoDbClient dynamo(EmbeddedStores stores) {
        return DynamoDbClient.builder().endpointOverride(stores.dynamoDbEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(DUMMY).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    static S3Client s3(EmbeddedStores stores) {
        return S3Client.builder().endpointOverride(stores.s3Endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(DUMMY).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    static void createTable(DynamoDbClient dynamo, String table) {
        dynamo.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    @Test
    void inMemoryStoresServeSdkClientsAndJournalEveryRequestServerSide() {
        try (EmbeddedStores stores = EmbeddedStores.start(null);
             DynamoDbClient dynamo = dynamo(stores);
             S3Client s3 = s3(stores)) {
            createTable(dynamo, "journal-test");
            dynamo.putItem(b -> b.tableName("journal-test").item(Map.of("pk", AttributeValue.fromS("a"),
                    "n", AttributeValue.fromN("1"))));
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("journal-test")
                    .key(Map.of("pk", AttributeValue.fromS("a")))).item();
            assertThat(item.get("n").n()).isEqualTo("1");

            s3.createBucket(b -> b.bucket("journal-bucket"));
            s3.putObject(b -> b.bucket("journal-bucket").key("runs/e1/churn/model.txt"),
                    RequestBody.fromString("tree=1", StandardCharsets.UTF_8));
            String body = s3.getObjectAsBytes(b -> b.bucket("journal-bucket").key("runs/e1/churn/model.txt")).asUtf8String();
            assertThat(body).isEqualTo("tree=1");
            assertThat(s3.headObject(b -> b.bucket("journal-bucket").key("runs/e1/churn/model.txt")).contentLength())
                    .isEqualTo(6L);
            assertThatThrownBy(() -> s3.getObject(b -> b.bucket("journal-bucket").key("missing")))
                    .isInstanceOf(NoSuchKeyException.class);

            RequestJournal journal = stores.journal();
            assertThat(journal.successfulWrites())
                    .extracting(RequestJournal.Entry::service, RequestJournal.Entry::operation)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("dynamodb", "CreateTable"),
                            org.assertj.core.groups.Tuple.tuple("dynamodb", "PutItem"),
                            org.assertj.core.groups.Tuple.tuple("s3", "PUT /journal-bucket"),
                            org.assertj.core.groups.Tuple.tuple("s3", "PUT /journal-bucket/runs/e1/churn/model.txt"));
            assertThat(journal.entries()).anySatisfy(e -> {
                assertThat(e.operation()).isEqualTo("GetItem");
                assertThat(e.target()).isEqualTo("journal-test");
                assertThat(e.write()).isFalse();
            });
            assertThat(journal.entries()).anySatisfy(e -> {
                assertThat(e.operation()).isEqualTo("GET /journal-bucket/missing");
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.succeeded()).isFalse();
            });

            journal.clear();
            assertThat(journal.entries()).isEmpty();
        }
    }

    @Test
    void awsEnvNamesTheEndpoints() {
        try (EmbeddedStores stores = EmbeddedStores.start(null)) {
            Map<String, String> env = stores.awsEnv();
            assertThat(env)
                    .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", stores.dynamoDbEndpoint().toString())
                    .containsEntry("AWS_ENDPOINT_URL_S3", stores.s3Endpoint().toString());
            assertThat(URI.create(env.get("AWS_ENDPOINT_URL_S3")).getHost()).isEqualTo("127.0.0.1");
            assertThat(stores.dynamoDbEndpoint()).isNotEqualTo(stores.s3Endpoint());
        }
    }

    @Test
    void s3OnlyStoresServeAndKeepObjectsAndNameNoDynamoDbEndpoint(@TempDir Path dir) {
        try (EmbeddedStores stores = EmbeddedStores.startS3Only(dir); S3Client s3 = s3(stores)) {
            s3.createBucket(b -> b.bucket("job-bucket"));
            s3.putObject(b -> b.bucket("job-bucket").key("checkpoints/fold-0.txt"),
                    RequestBody.fromString("fold", StandardCharsets.UTF_8));
            assertThat(stores.awsEnv()).containsEntry("AWS_ENDPOINT_URL_S3", stores.s3Endpoint().toString())
                    .doesNotContainKey("AWS_ENDPOINT_URL_DYNAMODB");
            assertThatThrownBy(stores::dynamoDbEndpoint).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("S3 only");
            assertThat(stores.journal().writes()).hasSize(2);
        }
        // the same folder under both engines later: the object is there
        try (EmbeddedStores stores = EmbeddedStores.start(dir); S3Client s3 = s3(stores)) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("job-bucket").key("checkpoints/fold-0.txt")).asUtf8String())
                    .isEqualTo("fold");
        }
    }

    @Test
    void dataPersistsAcrossRestartWithADataDirectory(@TempDir Path dir) {
        try (EmbeddedStores stores = EmbeddedStores.start(dir);
             DynamoDbClient dynamo = dynamo(stores);
             S3Client s3 = s3(stores)) {
            createTable(dynamo, "persisted");
            dynamo.putItem(b -> b.tableName("persisted").item(Map.of("pk", AttributeValue.fromS("kept"))));
            s3.createBucket(b -> b.bucket("persisted-bucket"));
            s3.putObject(b -> b.bucket("persisted-bucket").key("models/churn/v1/model.txt"),
                    RequestBody.fromString("weights", StandardCharsets.UTF_8));
        }
        try (EmbeddedStores stores = EmbeddedStores.start(dir);
             DynamoDbClient dynamo = dynamo(stores);
             S3Client s3 = s3(stores)) {
            assertThat(dynamo.getItem(b -> b.tableName("persisted").key(Map.of("pk", AttributeValue.fromS("kept"))))
                    .hasItem()).isTrue();
            assertThat(s3.getObjectAsBytes(b -> b.bucket("persisted-bucket").key("models/churn/v1/model.txt"))
                    .asUtf8String()).isEqualTo("weights");
            assertThat(stores.journal().writes()).isEmpty();
        }
    }

    @Test
    void closeStopsEveryThreadThatWouldKeepTheJvmAlive(@TempDir Path dir) {
        java.util.Set<Thread> before = liveNonDaemonThreads();
        try (EmbeddedStores stores = EmbeddedStores.start(dir); DynamoDbClient dynamo = dynamo(stores);
             S3Client s3 = s3(stores)) {
            createTable(dynamo, "threads");
            s3.createBucket(b -> b.bucket("threads-bucket"));
            assertThat(liveNonDaemonThreads()).isNotEqualTo(before); // the engines do run non-daemon threads
        }
        assertThat(liveNonDaemonThreads()).isSubsetOf(before);
    }

    private static java.util.Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void inMemoryStoresStartEmpty() {
        try (EmbeddedStores first = EmbeddedStores.start(null); DynamoDbClient dynamo = dynamo(first)) {
            createTable(dynamo, "ephemeral");
        }
        try (EmbeddedStores second = EmbeddedStores.start(null); DynamoDbClient dynamo = dynamo(second)) {
            assertThat(dynamo.listTables().tableNames()).doesNotContain("ephemeral");
        }
    }
}
