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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small datasets for the harness's tests (a few thousand rows, so each fit takes milliseconds), generated once per
 * JVM: {@link #balanced()} as the synthetic generator makes it (about 45% positives), {@link #imbalanced()} the same
 * signal with nine positives in ten dropped (about 8% positives), and {@link #balanced(int, long)} for others.
 */
public final class HarnessData {
    public static final int ROWS = 6_000;
    private static Dataset balanced;
    private static Dataset imbalanced;

    private HarnessData() {
    }

    public static synchronized Dataset balanced() {
        if (balanced == null) {
            balanced = balanced(ROWS, 11);
        }
        return balanced;
    }

    public static Dataset balanced(int rows, long seed) {
        Path csv = SyntheticDatasets.writeCsv(tempFile("balanced"), SyntheticDatasets.Spec.of(rows, seed));
        return read(csv);
    }

    public static synchronized Dataset imbalanced() {
        if (imbalanced == null) {
            Path full = SyntheticDatasets.writeCsv(tempFile("full"), SyntheticDatasets.Spec.of(24_000, 13));
            try {
                List<String> lines = Files.readAllLines(full);
                List<String> kept = new ArrayList<>(List.of(lines.get(0)));
                for (int i = 1; i < lines.size(); i++) {
                    boolean positive = lines.get(i).split(",", 3)[1].equals("1");
                    if (!positive || i % 10 == 0) {
                        kept.add(lines.get(i));
                    }
                }
                Path csv = tempFile("imbalanced");
                Files.write(csv, kept);
                imbalanced = read(csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return imbalanced;
    }

    /** A spec of this kind on the given data (label = id; harness fields unset). */
    public static ModelSpec spec(String id, String kind, Dataset data, Map<String, Object> params) {
        return new ModelSpec(id, kind, id, new DatasetRef(data.source(), "ts", "label"), params, SpecStatus.ACTIVE);
    }

    private static Dataset read(Path csv) {
        return CsvDatasetReader.read(csv, ColumnRoles.of("ts", "label"), 2);
    }

    private static Path tempFile(String name) {
        try {
            Path file = Files.createTempFile("saturday-harness-" + name, ".csv");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
