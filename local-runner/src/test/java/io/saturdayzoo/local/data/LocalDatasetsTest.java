package io.saturdayzoo.local.data;

import io.saturdayzoo.core.aws.ZooEnv;
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
import java.time.LocalDate;
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
        s3 = AwsClients.s3(ZooEnv.withStores("tbl", "data-bucket", stores.awsEnv()));
    }

    @AfterAll
    static void stop() {
        s3.close();
        stores.close();
    }

    private static final LocalWorld W49 = LocalWorld.asOf(LocalDate.parse("2026-12-05"));
    private static final LocalWorld W50 = LocalWorld.asOf(LocalDate.parse("2026-12-12"));

    private static String read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("data-bucket").key(key)).asString(StandardCharsets.UTF_8);
    }

    @Test
    void generatesTheWorldsWeeksWithTheSpecsColumnNamesKeepsThemThenKeepsUserData() {
        ZooCatalog catalog = ZooCatalog.parse(CATALOG, "test");
        LocalDatasets datasets = new LocalDatasets(s3, 800, Duration.ofHours(192), W49);
        Instant now = Instant.parse("2026-12-05T06:00:00Z");

        List<LocalDatasets.Prepared> first = datasets.prepare(catalog, now);
        assertThat(first).extracting(LocalDatasets.Prepared::specId).containsExactly("a-gbdt", "b-gbdt");
        assertThat(first).extracting(LocalDatasets.Prepared::action).containsOnly(LocalDatasets.Action.GENERATED);
        String csv = read("datasets/a/" + LocalDatasets.GENERATED_FILE);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("event_time,is_a,f0,");
        assertThat(csv.lines().count()).isEqualTo(801); // 8 weeks of 100 rows
        List<Long> times = csv.lines().skip(1).map(l -> Long.parseLong(l.split(",")[0])).toList();
        assertThat(times).isSorted();
        assertThat(times.get(0)).isEqualTo(Instant.parse("2026-10-12T00:00:00Z").getEpochSecond()); // 2026-W42
        assertThat(times.get(times.size() - 1)).isLessThan(Instant.parse("2026-12-07T00:00:00Z").getEpochSecond());
        assertThat(datasets.generate(catalog.require("a-gbdt"))).isEqualTo(csv.getBytes(StandardCharsets.UTF_8));

        assertThat(datasets.prepare(catalog, now)).extracting(LocalDatasets.Prepared::action)
                .containsOnly(LocalDatasets.Action.KEPT);

        s3.putObject(b -> b.bucket("data-bucket").key("datasets/b/mine.csv"), RequestBody.fromString("ts,label\n1,0\n"));
        assertThat(datasets.prepare(catalog, now.plus(Duration.ofDays(30)))).extracting(LocalDatasets.Prepared::action)
                .containsExactly(LocalDatasets.Action.REGENERATED_STALE, LocalDatasets.Action.KEPT);
    }

    @Test
    void theNextWeekAddsItsRowsAndTheSameWeekGivesTheSameRows() {
        ZooCatalog catalog = ZooCatalog.parse(CATALOG.replace("data-bucket/datasets", "data-bucket/moving"), "test");
        Instant now = Instant.parse("2026-12-05T06:00:00Z");
        new LocalDatasets(s3, 800, Duration.ofHours(192), W49).prepare(catalog, now);
        List<String> week49 = read("moving/b/" + LocalDatasets.GENERATED_FILE).lines().toList();

        // a re-run in the same week, from a fresh generator: the same bytes
        assertThat(new LocalDatasets(s3, 800, Duration.ofHours(192), W49).generate(catalog.require("b-gbdt")))
                .isEqualTo((String.join("\n", week49) + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(new LocalDatasets(s3, 800, Duration.ofHours(192), W50).prepare(catalog, now.plus(Duration.ofDays(7))))
                .extracting(LocalDatasets.Prepared::action).containsOnly(LocalDatasets.Action.ADVANCED);
        List<String> week50 = read("moving/b/" + LocalDatasets.GENERATED_FILE).lines().toList();
        assertThat(week50).hasSize(801).isNotEqualTo(week49);
        // weeks 43..49 are the same rows in both; week 42 dropped off, week 50 was appended
        assertThat(week50.subList(1, 701)).isEqualTo(week49.subList(101, 801));
        assertThat(Long.parseLong(week50.get(701).split(",")[0]))
                .isEqualTo(Instant.parse("2026-12-07T00:00:00Z").getEpochSecond());
        // another world seed is another world
        assertThat(new LocalDatasets(s3, 800, Duration.ofHours(192), new LocalWorld(W49.asOf(), 8, 0.05, 7L))
                .generate(catalog.require("b-gbdt"))).isNotEqualTo(
                        (String.join("\n", week49) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCheckOnlyReadsAndASharedPrefixIsGeneratedOnceWithTheFirstSpecsColumns() {
        ZooCatalog catalog = ZooCatalog.parse(CATALOG.replace("data-bucket", "new-bucket")
                .replace("new-bucket/datasets/b/", "new-bucket/datasets/a/"), "test");
        LocalDatasets datasets = new LocalDatasets(s3, 800, Duration.ofHours(192), W49);

        List<LocalDatasets.Plan> plans = datasets.check(catalog, Instant.parse("2026-12-05T06:00:00Z"));
        assertThat(plans).extracting(LocalDatasets.Plan::action)
                .containsExactly(LocalDatasets.Action.GENERATED, LocalDatasets.Action.KEPT);
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("new-bucket"));

        assertThat(datasets.write(plans)).extracting(LocalDatasets.Prepared::action)
                .containsExactly(LocalDatasets.Action.GENERATED, LocalDatasets.Action.KEPT);
        String header = s3.getObjectAsBytes(b -> b.bucket("new-bucket").key("datasets/a/" + LocalDatasets.GENERATED_FILE))
                .asString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertThat(header).startsWith("event_time,is_a,");
    }

    @Test
    void aDateBeforeTheWorldBeginsIsRefusedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalWorld.asOf(LocalDate.parse("2023-06-01")))
                .hasMessageContaining("--as-of: 2023-06-01 is before the local world begins");
    }
}
