package io.saturdayzoo.infra.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.saturdayzoo.infra.config.ContextValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooDatasetsTest {

    @TempDir
    Path repo;

    @Test
    void readsTheActiveSpecsDatasetsFromTheCheckoutsCatalog() throws Exception {
        write("""
                {"zoo":"t","budget":1,"specs":[
                 {"id":"a","kind":"lightgbm","label":"a","status":"active","params":{},
                  "dataset":{"uri":"s3://data-bucket/a/","time_column":"ts","target_column":"y"}},
                 {"id":"b","kind":"lightgbm","label":"b","status":"retired","params":{},
                  "dataset":{"uri":"s3://old-bucket/b/","time_column":"ts","target_column":"y"}}]}
                """);
        ZooDatasets datasets = ZooDatasets.load(repo.resolve("infra"));
        assertThat(datasets.datasets()).extracting(d -> d.uri()).containsExactly("s3://data-bucket/a/");
        assertThat(datasets.commonLocation()).contains("s3://data-bucket/a/");
    }

    @Test
    void commonLocationIsTheSharedFolderOrNothingAcrossBuckets() {
        assertThat(of("s3://d/datasets/churn/", "s3://d/datasets/churn-v2/").commonLocation())
                .contains("s3://d/datasets/");
        assertThat(of("s3://d/x/a", "s3://d/y/b").commonLocation()).contains("s3://d/");
        assertThat(of("s3://d1/a/", "s3://d2/a/").commonLocation()).isEmpty();
    }

    private static ZooDatasets of(String... uris) {
        return new ZooDatasets("test", java.util.Arrays.stream(uris)
                .map(u -> new io.saturdayzoo.core.catalog.DatasetRef(u, "ts", "y")).toList());
    }

    @Test
    void anInvalidCatalogFailsSynthNamingTheSpecAndField() throws Exception {
        write("""
                {"zoo":"t","budget":1,"specs":[
                 {"id":"a","kind":"lightgbm","label":"a","status":"archived","params":{},
                  "dataset":{"uri":"s3://data-bucket/a/","time_column":"ts","target_column":"y"}}]}
                """);
        assertThatThrownBy(() -> ZooDatasets.load(repo))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("spec 'a'")
                .hasMessageContaining("status")
                .hasMessageContaining("archived");
    }

    @Test
    void aSpecsParamsAreCheckedAgainstItsKindAtSynth() throws Exception {
        write("""
                {"zoo":"t","budget":1,"specs":[
                 {"id":"a","kind":"lightgbm-dart","label":"a","status":"active","params":{"drop_rate":"high","num_leaf":31},
                  "dataset":{"uri":"s3://data-bucket/a/","time_column":"ts","target_column":"y"}},
                 {"id":"b","kind":"lightgmb","label":"b","status":"active",
                  "dataset":{"uri":"s3://data-bucket/b/","time_column":"ts","target_column":"y"}}]}
                """);
        assertThatThrownBy(() -> ZooDatasets.load(repo))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("spec 'a': field 'params.drop_rate': must be a number, got string \"high\"")
                .hasMessageContaining("spec 'a': field 'params.num_leaf': unknown parameter for kind 'lightgbm-dart'")
                .hasMessageContaining("spec 'b': field 'kind': unknown value 'lightgmb' (expected blend|lightgbm|lightgbm-dart|logistic-stack)");
    }

    private void write(String catalog) throws Exception {
        Files.writeString(repo.resolve("cdk.json"), "{}");
        Files.createDirectories(repo.resolve("zoo"));
        Files.createDirectories(repo.resolve("infra"));
        Files.writeString(repo.resolve("zoo/catalog.json"), catalog);
    }
}
