package io.saturdayzoo.training.lightgbm;

import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.CsvDatasetReader;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.kind.FitOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer bins its training rows through {@link SampledTrainingSet} instead of LightGBM's CreateFromMat; the
 * models must not be able to tell: same sample, same bins, same trees, byte for byte.
 */
class SampledTrainingSetTest {
    private static Dataset data;

    /** Columns that exercise every path of the sample: dense, mostly exact zeros, missing values, constant zero. */
    @BeforeAll
    static void writeData(@TempDir Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        StringBuilder csv = new StringBuilder("ts,label,dense,mostly_zero,with_missing,all_zero,tiny\n");
        for (int i = 0; i < 6_000; i++) {
            double dense = rng.nextGaussian();
            double sparse = rng.nextInt(4) == 0 ? rng.nextDouble() * 3 : 0.0;
            String missing = rng.nextInt(5) == 0 ? "" : String.format(Locale.ROOT, "%.4f", rng.nextGaussian());
            double tiny = rng.nextInt(3) == 0 ? 1e-40 : rng.nextDouble(); // below LightGBM's zero threshold
            int label = dense + sparse + rng.nextGaussian() > 0.5 ? 1 : 0;
            csv.append(1_700_000_000L + i).append(',').append(label).append(',')
                    .append(String.format(Locale.ROOT, "%.5f,%.5f,%s,0,%s%n", dense, sparse, missing,
                            Double.toString(tiny)));
        }
        Path file = Files.writeString(dir.resolve("mixed.csv"), csv);
        data = CsvDatasetReader.read(file, ColumnRoles.of("ts", "label"), 2);
    }

    @Test
    void bitIdenticalToCreateFromMatOnASampledOffsetRange() throws Exception {
        // a sample smaller than the range, and a range that does not start at row 0 (a later fold's offset)
        String config = config() + " bin_construct_sample_cnt=1500";
        assertThat(modelFromSampled(data.rows(500, 5_500), config))
                .isEqualTo(modelFromCreateFromMat(data.rows(500, 5_500), config));
    }

    @Test
    void bitIdenticalWhenTheSampleIsEveryRow() throws Exception {
        String config = config(); // 200,000 sample rows by default: all 6,000 are taken
        assertThat(modelFromSampled(data.all(), config)).isEqualTo(modelFromCreateFromMat(data.all(), config));
    }

    @Test
    void theSampleMatters() throws Exception {
        // the equality above would be empty if the sample size changed nothing
        Rows rows = data.rows(500, 5_500);
        assertThat(modelFromSampled(rows, config() + " bin_construct_sample_cnt=1500"))
                .isNotEqualTo(modelFromSampled(rows, config() + " bin_construct_sample_cnt=40"));
    }

    private static String config() {
        LightGbmKind kind = new LightGbmKind();
        return kind.config(kind.params().resolve("t", kind.name(), Map.of("min_data_in_leaf", 5)), new FitOptions(2, 3));
    }

    private static String modelFromSampled(Rows rows, String config) throws Exception {
        try (LGBMDataset set = NativeLightGbm.trainingSet(rows, config, data.featureNames())) {
            return train(set, config);
        }
    }

    private static String modelFromCreateFromMat(Rows rows, String config) throws Exception {
        int cols = data.featureCount();
        float[] matrix = new float[rows.count() * cols];
        for (int r = 0; r < rows.count(); r++) {
            for (int c = 0; c < cols; c++) {
                matrix[r * cols + c] = rows.value(r, c);
            }
        }
        try (LGBMDataset set = LGBMDataset.createFromMat(matrix, rows.count(), cols, true, config, null)) {
            set.setField("label", rows.labels());
            set.setFeatureNames(data.featureNames().toArray(String[]::new));
            return train(set, config);
        }
    }

    private static String train(LGBMDataset set, String config) throws Exception {
        LGBMBooster booster = LGBMBooster.create(set, config);
        try {
            for (int i = 0; i < 15; i++) {
                booster.updateOneIter();
            }
            return booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
        } finally {
            booster.close();
        }
    }
}
