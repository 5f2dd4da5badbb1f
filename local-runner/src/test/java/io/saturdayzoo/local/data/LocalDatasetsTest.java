package io.saturdayzoo.local.data;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalDatasetsTest {
    private static EmbeddedStores stores;
    private static S3Client s3;

    private static final String CATALOG = """
            {"zoo":"t","budget":2,"specs":[
             {"id":"a-gbdt","kind":"lightgbm","label":"a","status":"active",
              "dataset":{"uri":"s3://data-bucket/datasets/a/","time_column":"event_time","target_column":"is_a"},
              "params":{"objective":"binary","num_iterations":5}},
             {"id":"b-gbdt","kind":"lightgbm","label":"b","status":"active",
              "dataset":{"uri":"s3://data-bucket/datasets/b/","time_column":"ts","target_column":"label"},
              "params":{"objective":"binary","num_iterations":5}},
             {"id":"c-gbdt","kind":"lightgbm","label":"c","status":"retired",
              "dataset":{"uri":"s3://data-bucket/datasets/c/","time_column":"ts","target_column":"label"},
              "params":{"objective":"binary","num_iterations":5}}]}""";

    @BeforeAll
    static void start() {
        stores = EmbeddedStores.start(null);
        s3 = AwsClients.s3(stores.env("tbl", "data-bucket"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        stores.close();
    }

    @Test
    void generatesDeterministicDataWithTheSpecsColumnNamesKeepsItThenKeepsUserData() {
        ZooCatalog catalog = ZooCatalog.parse(CATALOG, "test");
        LocalDatasets datasets = new LocalDatasets(s3, 500, Duration.ofHours(192));
        Instant now = Instant.parse("2026-11-21T06:00:00Z");

        List<LocalDatasets.Prepared> first = datasets.prepare(catalog, now);
        assertThat(first).extracting(LocalDatasets.Prepared::specId).containsExactly("a-gbdt", "b-gbdt");
        assertThat(first).extracting(LocalDatasets.Prepared::action).containsOnly(LocalDatasets.Action.GENERATED);
        String csv = s3.getObjectAsBytes(b -> b.bucket("data-bucket").key("datasets/a/" + LocalDatasets.GENERATED_FILE))
                .asString(StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("event_time,is_a,f0,");
        assertThat(csv.lines().count()).isEqualTo(501);
        long lastTs = Long.parseLong(csv.lines().reduce((x, y) -> y).orElseThrow().split(",")[0]);
        assertThat(lastTs).isLessThanOrEqualTo(Instant.parse("2026-11-21T00:00:00Z").getEpochSecond())
                .isGreaterThan(Instant.parse("2026-11-18T00:00:00Z").getEpochSecond()); // 500 rows over 730 days: 1.5 days apart
        assertThat(datasets.generate(catalog.require("a-gbdt"), now)).isEqualTo(csv.getBytes(StandardCharsets.UTF_8));

        assertThat(datasets.prepare(catalog, now)).extracting(LocalDatasets.Prepared::action)
                .containsOnly(LocalDatasets.Action.KEPT);

        s3.putObject(b -> b.bucket("data-bucket").key("datasets/b/mine.csv"), RequestBody.fromString("ts,label\n1,0\n"));
        assertThat(datasets.prepare(catalog, now.plus(Duration.ofDays(30)))).extracting(LocalDatasets.Prepared::action)
                .containsExactly(LocalDatasets.Action.REGENERATED_STALE, LocalDatasets.Action.KEPT);
    }
}
