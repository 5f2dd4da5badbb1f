package io.saturdayzoo.training.lightgbm;

import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import com.microsoft.ml.lightgbm.PredictionType;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.CsvDatasetReader;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.KindParams;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark measurement per JVM (so peak RSS is this path's alone). Not a test.
 *
 * <pre>
 * TrainerBench MODE TRAIN VALID TIME_COLUMN|- LABEL_COLUMN HEADER(true|false) THREADS PARAMS_JSON
 * </pre>
 * trainer:         the trainer's own path (CsvDatasetReader into one direct buffer, LightGbmKind.fit reading it in
 *                  place: bins learned from LightGBM's sample, rows pushed from the buffer, column-wise histograms).
 * trainer-row:     the same, with the spec param force_row_wise=true (the histogram layout trade-off, side by side).
 * trainer-mat:     the same, with the training set built by LGBM_DatasetCreateFromMat on the buffer's address
 *                  (what the trainer did before; isolates what building from the sample saves).
 * raw:             the reference, lightgbm4j's public API on an already-built float[] (parsed with String.split).
 * All boost the same iterations with the same LightGBM parameter string (but for the one change named), then score
 * VALID. Prints one JSON line.
 */
public final class TrainerBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path train = Path.of(args[1]);
        Path valid = Path.of(args[2]);
        String time = args[3].equals("-") ? null : args[3];
        String label = args[4];
        boolean header = Boolean.parseBoolean(args[5]);
        int threads = Integer.parseInt(args[6]);
        @SuppressWarnings("unchecked")
        Map<String, Object> params = new com.fasterxml.jackson.databind.ObjectMapper().readValue(args[7], Map.class);
        if (mode.equals("trainer-row")) {
            params.put("force_row_wise", true);
        }
        NativeLightGbm.load();
        double baseline = ProcessMemory.residentMb();

        LightGbmKind kind = new LightGbmKind();
        KindParams typed = kind.params().resolve("bench", kind.name(), params);
        FitOptions fit = new FitOptions(threads, 1);
        String config = kind.config(typed, fit);
        int iterations = typed.integer("num_iterations");
        ColumnRoles roles = new ColumnRoles(time, label, header);

        double afterParse;
        double parseS;
        double trainS;
        double auc;
        int rows;
        int features;
        long t0 = System.nanoTime();
        if (mode.startsWith("trainer")) {
            Dataset d = CsvDatasetReader.read(List.of(train), train.toString(), roles, threads);
            parseS = (System.nanoTime() - t0) / 1e9;
            afterParse = ProcessMemory.peakMb();
            rows = d.rowCount();
            features = d.featureCount();
            long t1 = System.nanoTime();
            double[] scores;
            try (FittedModel model = mode.equals("trainer-mat") ? fitFromMat(d, config, iterations)
                    : kind.fit(d.all(), d.rows(rows, rows), typed, fit)) {
                trainS = (System.nanoTime() - t1) / 1e9;
                Dataset v = CsvDatasetReader.read(List.of(valid), valid.toString(), roles, threads);
                scores = model.predict(v.all());
                auc = BinaryMetrics.auc(v.labels(0, v.rowCount()), scores);
            }
        } else {
            Matrix m = Matrix.parse(train, time, label, header);
            parseS = (System.nanoTime() - t0) / 1e9;
            afterParse = ProcessMemory.peakMb();
            rows = m.labels.length;
            features = m.cols;
            long t1 = System.nanoTime();
            LGBMBooster booster;
            try (LGBMDataset ds = LGBMDataset.createFromMat(m.values, rows, m.cols, true, config, null)) {
                ds.setField("label", m.labels);
                booster = LGBMBooster.create(ds, config);
                for (int i = 0; i < iterations; i++) {
                    if (booster.updateOneIter()) {
                        break;
                    }
                }
            }
            trainS = (System.nanoTime() - t1) / 1e9;
            Matrix v = Matrix.parse(valid, time, label, header);
            double[] scores = booster.predictForMat(v.values, v.labels.length, v.cols, true, PredictionType.C_API_PREDICT_NORMAL);
            auc = BinaryMetrics.auc(v.labels, scores);
            booster.close();
        }
        long bytes = Files.size(train);
        System.out.println(String.format(Locale.ROOT,
                "{\"mode\":\"%s\",\"rows\":%d,\"features\":%d,\"file_mb\":%.1f,\"parse_s\":%.3f,\"train_s\":%.3f,"
                        + "\"auc\":%.9f,\"peak_after_parse_mb\":%.1f,\"peak_rss_mb\":%.1f,\"baseline_rss_mb\":%.1f,\"float_matrix_mb\":%.1f}",
                mode, rows, features, bytes / 1e6, parseS, trainS, auc, afterParse, ProcessMemory.peakMb(), baseline,
                (double) rows * features * 4 / (1 << 20)));
    }

    /** LightGbmFamily.fit's steps, but for the training set built by CreateFromMat. */
    private static FittedModel fitFromMat(Dataset d, String config, int iterations) throws Exception {
        try (LGBMDataset data = createFromMat(d, config)) {
            LGBMBooster booster = LGBMBooster.create(data, config);
            for (int i = 0; i < iterations; i++) {
                if (booster.updateOneIter()) {
                    break;
                }
            }
            return new LightGbmFamily.LightGbmModel(booster);
        }
    }

    /** LightGBM's one-call build, reading the same buffer in place (what the trainer did before). */
    private static LGBMDataset createFromMat(Dataset d, String config) throws Exception {
        SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
        try {
            NativeLightGbm.check(lightgbmlib.LGBM_DatasetCreateFromMat(
                    NativeLightGbm.pointer(SWIGTYPE_p_void.class, io.saturdayzoo.training.data.OffHeap.address(d.featureBuffer())),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT32, d.rowCount(), d.featureCount(), 1, config, null, out));
            LGBMDataset dataset = NativeLightGbm.wrap(lightgbmlib.voidpp_value(out));
            dataset.setField("label", d.labels(0, d.rowCount()));
            dataset.setFeatureNames(d.featureNames().toArray(String[]::new));
            return dataset;
        } finally {
            lightgbmlib.delete_voidpp(out);
        }
    }

    /** The straightforward way: lines to strings to floats, into one row-major float[]. */
    static final class Matrix {
        float[] values;
        float[] labels;
        int cols;

        static Matrix parse(Path file, String time, String label, boolean header) throws Exception {
            List<float[]> rows = new ArrayList<>();
            Matrix m = new Matrix();
            int labelIdx = -1;
            int timeIdx = -1;
            try (BufferedReader r = Files.newBufferedReader(file)) {
                String line = r.readLine();
                String sep = line.contains("\t") ? "\t" : ",";
                String[] first = line.split(sep, -1);
                for (int i = 0; i < first.length; i++) {
                    String name = header ? first[i] : Integer.toString(i);
                    if (name.equals(label)) {
                        labelIdx = i;
                    } else if (name.equals(time)) {
                        timeIdx = i;
                    }
                }
                m.cols = first.length - 1 - (timeIdx >= 0 ? 1 : 0);
                if (!header) {
                    rows.add(row(first, m.cols, labelIdx, timeIdx));
                }
                while ((line = r.readLine()) != null) {
                    if (!line.isEmpty()) {
                        rows.add(row(line.split(sep, -1), m.cols, labelIdx, timeIdx));
                    }
                }
            }
            m.values = new float[rows.size() * m.cols];
            m.labels = new float[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                float[] row = rows.get(i);
                m.labels[i] = row[m.cols];
                System.arraycopy(row, 0, m.values, i * m.cols, m.cols);
            }
            return m;
        }

        private static float[] row(String[] f, int cols, int labelIdx, int timeIdx) {
            float[] out = new float[cols + 1];
            int k = 0;
            for (int i = 0; i < f.length; i++) {
                if (i == labelIdx) {
                    out[cols] = Float.parseFloat(f[i]);
                } else if (i != timeIdx) {
                    out[k++] = f[i].isEmpty() ? Float.NaN : Float.parseFloat(f[i]);
                }
            }
            return out;
        }
    }
}
