package io.saturdayzoo.lambdas.preflight;

import io.saturdayzoo.core.preflight.PreflightCheck;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.saturdayzoo.lambdas.testing.ZooFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(ZooFixture.Extension.class)
class PreflightHandlerTest {

    private static final Map<String, Object> EVENT = event("{\"execution_id\": \"exec-preflight\"}");
    private static final Instant DONE = Instant.parse("2026-03-07T03:00:00Z");

    private static void putData(ZooFixture zoo, String key) {
        zoo.artifacts().putBytes(key, "ts,y,x\n1,0,0.5\n".getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    private static PreflightFailed failure(PreflightHandler handler) {
        PreflightFailed failed = catchThrowableOfType(PreflightFailed.class, () -> handler.handleRequest(EVENT, null));
        assertThat(failed).as("preflight should fail").isNotNull();
        assertThat(failed.errorName()).isEqualTo("PreflightFailed");
        return failed;
    }

    private static PreflightCheck check(PreflightFailed failed, String name) {
        return failed.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void healthyEnvironmentPassesEveryCheck(ZooFixture zoo) {
        putData(zoo, "datasets/alpha/part-0.csv");

        Map<String, Object> out = new PreflightHandler(zoo.env()).handleRequest(EVENT, null);

        assertThat(out).containsEntry("ok", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) out.get("checks");
        assertThat(checks).extracting(c -> c.get("name"))
                .containsExactly("env", "bucket", "table", "catalog", "data_freshness", "champions");
        assertThat(checks).allSatisfy(c -> assertThat(c.get("ok")).isEqualTo(true));
        assertThat(checks.get(3).get("detail").toString()).contains("5 specs (4 active)");
        assertThat(checks.get(4).get("detail").toString()).contains("datasets/alpha/part-0.csv", "limit 192 h");
        assertThat(checks.get(5).get("detail")).isEqualTo("no champion yet");
    }

    @Test
    void preflightWritesNothingToEitherStore(ZooFixture zoo) {
        putData(zoo, "datasets/alpha/part-0.csv");

        new PreflightHandler(zoo.env()).handleRequest(EVENT, null);

        // The journal may record a request just after its response, so compare with the setup's writes by name
        // rather than by position: the only writes on this test's table and bucket are the fixture's own.
        List<RequestJournal.Entry> mine = zoo.stores().journal().entries().stream()
                .filter(e -> e.target().equals(zoo.table()) || e.target().startsWith("/" + zoo.bucket()))
                .toList();
        assertThat(mine.stream().filter(RequestJournal.Entry::write).map(RequestJournal.Entry::operation))
                .containsOnly("CreateTable", "PUT /" + zoo.bucket(), "PUT /" + zoo.bucket() + "/datasets/alpha/part-0.csv");
        assertThat(mine).extracting(RequestJournal.Entry::operation)
                .contains("DescribeTable", "HEAD /" + zoo.bucket(), "GET /" + zoo.bucket());
    }

    @Test
    void missingEnvironmentVariablesAreNamedAndDependentChecksFail(ZooFixture zoo) {
        PreflightFailed failed = failure(new PreflightHandler(zoo.envWith("ZOO_TABLE", null, "ZOO_BUCKET", " ")));

        assertThat(failed.failedNames()).containsExactly("env", "bucket", "table", "data_freshness", "champions");
        assertThat(check(failed, "env").detail()).contains("ZOO_TABLE is missing", "ZOO_BUCKET is missing");
        assertThat(check(failed, "catalog").ok()).isTrue();
        assertThat(failed.getMessage()).startsWith("5 of 6 preflight checks failed:\nenv: ")
                .contains("\ntable: not checked: ZOO_TABLE is missing\n");
    }

    @Test
    void badMaxAgeIsAnEnvironmentError(ZooFixture zoo) {
        putData(zoo, "datasets/alpha/part-0.csv");

        PreflightFailed failed = failure(new PreflightHandler(zoo.envWith("ZOO_DATA_MAX_AGE_HOURS", "soon")));

        assertThat(failed.failedNames()).containsExactly("env", "data_freshness", "champions");
        assertThat(check(failed, "env").detail()).contains("ZOO_DATA_MAX_AGE_HOURS", "'soon'");
    }

    @Test
    void missingBucketFailsTheBucketCheck(ZooFixture zoo) {
        PreflightFailed failed = failure(new PreflightHandler(zoo.envWith("ZOO_BUCKET", "no-such-bucket")));

        assertThat(failed.failedNames()).contains("bucket").doesNotContain("env", "table", "catalog");
        assertThat(check(failed, "bucket").detail()).isEqualTo("bucket 'no-such-bucket' does not exist");
    }

    @Test
    void missingTableFailsOnlyTheTableCheck(ZooFixture zoo) {
        putData(zoo, "datasets/alpha/part-0.csv");

        PreflightFailed failed = failure(new PreflightHandler(zoo.envWith("ZOO_TABLE", "no-such-table")));

        assertThat(failed.failedNames()).containsExactly("table", "champions");
        assertThat(check(failed, "table").detail()).isEqualTo("table 'no-such-table' does not exist");
    }

    @Test
    void unreachableDynamoDbFailsTheTableCheck(ZooFixture zoo) {
        putData(zoo, "datasets/alpha/part-0.csv");
        String closed = "http://127.0.0.1:" + ZooFixture.closedPort();

        PreflightFailed failed = failure(new PreflightHandler(zoo.envWith(AwsClients.ENDPOINT_DYNAMODB, closed)));

        assertThat(failed.failedNames()).containsExactly("table", "champions");
        assertThat(check(failed, "table").detail()).startsWith("cannot reach table '" + zoo.table() + "'");
    }

    @Test
    void invalidCatalogFailsTheCatalogCheckNamingSpecAndField(ZooFixture zoo, @TempDir Path dir) throws IOException {
        putData(zoo, "datasets/alpha/part-0.csv");
        Path broken = Files.writeString(dir.resolve("catalog.json"),
                ZooFixture.CATALOG.replace("\"num_leaves\": 31", "\"num_leaves\": \"31\""));

        PreflightFailed failed = failure(new PreflightHandler(zoo.envWith("ZOO_CATALOG", broken.toString())));

        assertThat(failed.failedNames()).containsExactly("catalog");
        assertThat(check(failed, "catalog").detail()).contains("spec 'beta-gbdt': field 'params.num_leaves'");
    }

    @Test
    void noDataUnderThePrefixFailsFreshness(ZooFixture zoo) {
        putData(zoo, "elsewhere/file.csv");

        PreflightFailed failed = failure(new PreflightHandler(zoo.env()));

        assertThat(failed.failedNames()).containsExactly("data_freshness");
        assertThat(check(failed, "data_freshness").detail())
                .isEqualTo("no data objects under s3://" + zoo.bucket() + "/datasets/");
    }

    @Test
    void staleDataFailsFreshnessAndALongerLimitAcceptsIt(ZooFixture zoo) {
        putData(zoo, "datasets/alpha/part-0.csv");
        Clock tenDaysLater = Clock.fixed(Instant.now().plus(Duration.ofDays(10)), ZoneOffset.UTC);

        PreflightFailed failed = failure(new PreflightHandler(zoo.env(), tenDaysLater));
        assertThat(failed.failedNames()).containsExactly("data_freshness");
        assertThat(check(failed, "data_freshness").detail()).startsWith("stale data: newest object")
                .contains("limit 192 h");

        Map<String, Object> out = new PreflightHandler(zoo.envWith("ZOO_DATA_MAX_AGE_HOURS", "300"), tenDaysLater)
                .handleRequest(EVENT, null);
        assertThat(out).containsEntry("ok", true);
    }

    @Test
    void dataPrefixMayNameAnotherBucket(ZooFixture zoo) {
        ArtifactStore dataBucket = new ArtifactStore(AwsClients.s3(zoo.env()), zoo.bucket() + "-data");
        dataBucket.createBucketIfMissing();
        dataBucket.putBytes("tables/churn/part-0.csv", new byte[]{1}, "text/csv");

        Map<String, Object> out = new PreflightHandler(zoo.envWith("ZOO_DATA_PREFIX",
                "s3://" + zoo.bucket() + "-data/tables/")).handleRequest(EVENT, null);

        assertThat(out).containsEntry("ok", true);
        assertThat(out.get("checks").toString()).contains("s3://" + zoo.bucket() + "-data/tables/churn/part-0.csv");
    }

    @Test
    void aChampionWhoseModelFilesAreGoneFailsPreflightNamingTheVersion(ZooFixture zoo) {
        putData(zoo, "datasets/alpha/part-0.csv");
        zoo.registerRun("exec-1", "alpha-gbdt", "alpha", 0.8, DONE);
        zoo.registry().promote("alpha", 1, "exec-1");
        zoo.registerRun("exec-1", "beta-gbdt", "beta", 0.8, DONE);
        zoo.registry().promote("beta", 1, "exec-1");
        zoo.registerRun("exec-1", "gamma-dart", "gamma", 0.8, DONE); // a candidate: not checked
        S3Client s3 = AwsClients.s3(zoo.env());
        s3.deleteObject(b -> b.bucket(zoo.bucket()).key("models/alpha/v1/model.txt"));
        s3.deleteObject(b -> b.bucket(zoo.bucket()).key("models/gamma/v1/model.txt"));
        zoo.stores().journal().clear();

        PreflightFailed failed = failure(new PreflightHandler(zoo.env()));

        assertThat(failed.failedNames()).containsExactly("champions");
        assertThat(check(failed, "champions").detail())
                .isEqualTo("alpha#v1 has no model.txt under s3://" + zoo.bucket() + "/models/alpha/v1/");
        assertThat(failed.getMessage()).endsWith("\nchampions: alpha#v1 has no model.txt under s3://" + zoo.bucket()
                + "/models/alpha/v1/");
        // what the Preflight role is granted on the table, and nothing written
        assertThat(zoo.stores().journal().entries().stream().filter(e -> e.target().equals(zoo.table())))
                .extracting(RequestJournal.Entry::operation).containsOnly("DescribeTable", "GetItem", "Query");
        // (the journal may record the arrangement's deletes just after clear(): only those may show)
        assertThat(zoo.stores().journal().writes()).allSatisfy(e -> assertThat(e.operation()).startsWith("DELETE /"));
    }

    @Test
    void championsWithTheirFilesPass(ZooFixture zoo) {
        putData(zoo, "datasets/alpha/part-0.csv");
        zoo.registerRun("exec-1", "alpha-gbdt", "alpha", 0.8, DONE);
        zoo.registry().promote("alpha", 1, "exec-1");

        Map<String, Object> out = new PreflightHandler(zoo.env()).handleRequest(EVENT, null);

        assertThat(out.get("checks").toString())
                .contains("1 champions with model.txt, manifest.json, evaluation.json: alpha#v1");
    }

    @Test
    void eachFailedCheckIsOneReadableLineWithTheSdkDetailLeftToTheLog(ZooFixture zoo) {
        // a non-local endpoint gets the SDK's default credentials chain; the process must not hold credentials
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null, "AWS credentials in the environment");
        String nowhere = "http://127.0.0.2:" + ZooFixture.closedPort();
        Map<String, String> env = zoo.envWith("AWS_ACCESS_KEY_ID", null, "AWS_SECRET_ACCESS_KEY", null,
                AwsClients.ENDPOINT_S3, nowhere, AwsClients.ENDPOINT_DYNAMODB, nowhere);
        Map<String, String> noProfileNoInstance = Map.of("aws.sharedCredentialsFile", "/nonexistent/credentials",
                "aws.configFile", "/nonexistent/config", "aws.disableEc2Metadata", "true");
        Map<String, String> saved = new java.util.HashMap<>();
        noProfileNoInstance.forEach((k, v) -> {
            saved.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        PreflightFailed failed;
        try {
            failed = failure(new PreflightHandler(env));
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }

        assertThat(failed.getMessage().lines()).containsExactly(
                "4 of 6 preflight checks failed:",
                "bucket: cannot reach bucket '" + zoo.bucket() + "': no AWS credentials found",
                "table: cannot reach table '" + zoo.table() + "': no AWS credentials found",
                "data_freshness: cannot list s3://" + zoo.bucket() + "/datasets/: no AWS credentials found",
                "champions: not checked: the bucket or the table is not usable");
    }
}
