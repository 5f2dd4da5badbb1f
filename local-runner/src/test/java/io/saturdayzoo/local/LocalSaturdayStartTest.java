package io.saturdayzoo.local;

import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.Registration;
import io.saturdayzoo.local.data.LocalDatasets;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up of a local Saturday on a data directory that survives between runs. */
class LocalSaturdayStartTest {

    private static final String CATALOG = """
            {"zoo":"t","budget":1,"specs":[
             {"id":"churn-gbdt","kind":"lightgbm","label":"churn","status":"active",
              "dataset":{"uri":"s3://data-bucket/datasets/churn/","time_column":"ts","target_column":"label"},
              "params":{"objective":"binary","num_iterations":5}},
             {"id":"fraud-gbdt","kind":"lightgbm","label":"fraud","status":"active",
              "dataset":{"uri":"s3://data-bucket/datasets/fraud/","time_column":"ts","target_column":"label"},
              "params":{"objective":"binary","num_iterations":5}}]}""";

    private static LocalSaturday.Builder saturday(Path dir) throws IOException {
        try (InputStream in = LocalSaturdayStartTest.class.getResourceAsStream("/definition/saturday-fixture.asl.json")) {
            Path catalog = dir.resolve("catalog.json");
            if (!Files.exists(catalog)) {
                Files.writeString(catalog, CATALOG);
            }
            return LocalSaturday.builder().dataDir(dir.resolve("data")).catalog(catalog).rows(100)
                    .definition(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBucketHoldingVersionsTheRegistryDoesNotKnowIsRefusedSayingWhatToDo(@TempDir Path dir) throws IOException {
        try (LocalSaturday first = saturday(dir).build()) {
            ArtifactStore bucket = first.registry().artifacts();
            // fraud#v1: registered, artifacts copied; churn#v1: artifacts whose registry record is gone
            bucket.putBytes(ArtifactStore.runPrefix("exec-1", "fraud-gbdt") + ArtifactStore.MODEL_FILE,
                    "tree".getBytes(StandardCharsets.UTF_8), "text/plain");
            first.registry().register(new Registration("exec-1", "fraud-gbdt", "fraud", "c0ffee", "sha256:1",
                    Map.of(), new DatasetRef("s3://data-bucket/datasets/fraud/", "ts", "label"), Map.of("auc", 0.7),
                    Instant.parse("2026-03-07T02:00:00Z"), Instant.parse("2026-03-07T02:10:00Z"), null));
            bucket.putBytes(ArtifactStore.modelPrefix("churn", 1) + ArtifactStore.MODEL_FILE,
                    "an older tree".getBytes(StandardCharsets.UTF_8), "text/plain");
        }

        // a week later, the datasets would advance; the run is refused before any of them is written
        Path churnData = dir.resolve("data/s3/data-bucket/datasets/churn/" + LocalDatasets.GENERATED_FILE);
        byte[] before = Files.readAllBytes(churnData);
        assertThatThrownBy(() -> saturday(dir).asOf(LocalDate.now(ZoneOffset.UTC).plusWeeks(1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds model versions the registry does not know: churn#v1 (under models/)")
                .hasMessageNotContaining("fraud#v1")
                .hasMessageContaining("Restore the registry (" + dir.resolve("data").toAbsolutePath().resolve("dynamodb"))
                .hasMessageContaining("deleting the whole data directory " + dir.resolve("data").toAbsolutePath());
        assertThat(Arrays.equals(Files.readAllBytes(churnData), before)).as("churn's dataset left as it was").isTrue();
    }

    @Test
    void aBucketAndRegistryThatAgreeStartAgain(@TempDir Path dir) throws IOException {
        try (LocalSaturday first = saturday(dir).build()) {
            first.registry().artifacts().putBytes(ArtifactStore.runPrefix("exec-1", "churn-gbdt")
                    + ArtifactStore.MODEL_FILE, "tree".getBytes(StandardCharsets.UTF_8), "text/plain");
            first.registry().register(new Registration("exec-1", "churn-gbdt", "churn", "c0ffee", "sha256:1",
                    Map.of(), new DatasetRef("s3://data-bucket/datasets/churn/", "ts", "label"), Map.of("auc", 0.7),
                    Instant.parse("2026-03-07T02:00:00Z"), Instant.parse("2026-03-07T02:10:00Z"), null));
        }
        try (LocalSaturday again = saturday(dir).build()) {
            assertThat(again.registry().version("churn", 1)).isPresent();
        }
    }

    @Test
    void everyStepBeforeTheExecutionIsTimedUnderItsName(@TempDir Path dir) throws IOException {
        StartupPhases phases = new StartupPhases();
        try (LocalSaturday ignored = saturday(dir).phases(phases).build()) {
            assertThat(phases.phases()).containsKeys("stores start", "table", "bucket", "versions check", "datasets",
                    "waiting for the definition", "bindings");
            assertThat(phases.phases().values()).noneMatch(java.time.Duration::isNegative);
            assertThat(phases.render()).contains("stores start ").contains(" s, datasets ");
        }
    }

    @Test
    void saturdaysOnSharedStoresEachNeedATableAndABucketOfTheirOwnAndLeaveTheStoresRunning(@TempDir Path dir)
            throws IOException {
        Path otherCatalog = Files.writeString(dir.resolve("other-catalog.json"),
                CATALOG.replace("s3://data-bucket/", "s3://other-bucket/"));
        Path thirdCatalog = Files.writeString(dir.resolve("third-catalog.json"),
                CATALOG.replace("s3://data-bucket/", "s3://third-bucket/"));
        try (EmbeddedStores stores = EmbeddedStores.start(null)) {
            try (LocalSaturday first = saturday(dir).sharedStores(stores, "registry-1").build()) {
                assertThat(first.env()).containsEntry("ZOO_TABLE", "registry-1").containsEntry("ZOO_BUCKET", "data-bucket");
            }
            // the first one's close left the engines up: the next reaches them, and is refused their table or bucket
            assertThatThrownBy(() -> saturday(dir).sharedStores(stores, "registry-1").catalog(thirdCatalog).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("table registry-1 already exists on the shared stores");
            assertThatThrownBy(() -> saturday(dir).sharedStores(stores, "registry-2").build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bucket data-bucket already exists on the shared stores");
            try (LocalSaturday second = saturday(dir).sharedStores(stores, "registry-3").catalog(otherCatalog).build()) {
                assertThat(second.registry().latestVersions()).isEmpty();
                assertThat(second.registry().artifacts().list("")).allSatisfy(o -> assertThat(o.key()).startsWith("datasets/"));
            }
        }
    }
}
