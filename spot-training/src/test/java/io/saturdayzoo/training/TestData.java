package io.saturdayzoo.training;

import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SpecStatus;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.CsvDatasetReader;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.SyntheticDatasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Shared fixtures: one generated 50k-row dataset per JVM (deterministic), and spec builders. */
public final class TestData {
    public static final int ROWS = 50_000;
    public static final long SEED = 42;
    private static Path csv;
    private static Dataset dataset;

    private TestData() {
    }

    public static synchronized Path csv() {
        if (csv == null) {
            try {
                Path dir = Files.createTempDirectory("saturday-test-data");
                dir.toFile().deleteOnExit();
                csv = SyntheticDatasets.writeCsv(dir.resolve("churn.csv"), SyntheticDatasets.Spec.of(ROWS, SEED));
                csv.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return csv;
    }

    public static synchronized Dataset dataset() {
        if (dataset == null) {
            dataset = CsvDatasetReader.read(csv(), ColumnRoles.of("ts", "label"), 2);
        }
        return dataset;
    }

    public static ModelSpec spec(String id, String kind, Map<String, Object> params) {
        return new ModelSpec(id, kind, id.replace("-", "_"), new DatasetRef(csv().toString(), "ts", "label"), params,
                SpecStatus.ACTIVE);
    }
}
