package io.saturdayzoo.training.lightgbm;

import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import com.microsoft.ml.lightgbm.PredictionType;
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
 * TrainerBench trainer|raw TRAIN VALID TIME_COLUMN|- LABEL_COLUMN HEADER(true|false) THREADS PARAMS_JSON
 * </pre>
 * trainer: the trainer's own path (CsvDatasetReader into one direct buffer, LightGbmKind.fit reading it in place).
 * raw:     the reference, lightgbm4j's public API on an already-built float[] (parsed with String.split).
 * Both boost the same iterations with the same LightGBM parameter string, then score VALID with predictForMat.
 * Prints one JSON line.
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
        NativeLightGbm.load();
        long baseline = rssKb("VmRSS");

        LightGbmKind kind = new LightGbmKind();
        KindParams typed = kind.params().resolve("bench", kind.name(), params);
        FitOptions fit = new FitOptions(threads, 1);
        String config = kind.config(typed, fit);
        int iterations = typed.integer("num_iterations");
        ColumnRoles roles = new ColumnRoles(time, label, header);

        long afterParse;
        double parseS;
        double trainS;
        double auc;
        int rows;
        int features;
        long t0 = System.nanoTime();
        if (mode.equals("trainer")) {
            Dataset d = CsvDatasetReader.read(List.of(train), train.toString(), roles, threads);
            parseS = (System.nanoTime() - t0) / 1e9;
            afterParse = rssKb("VmHWM");
            rows = d.rowCount();
            features = d.featureCount();
            long t1 = System.nanoTime();
            double[] scores;
            try (FittedModel model = kind.fit(d.all(), d.rows(rows, rows), typed, fit)) {
                trainS = (System.nanoTime() - t1) / 1e9;
                Dataset v = CsvDatasetReader.read(List.of(valid), valid.toString(), roles, threads);
                scores = model.predict(v.all());
                auc = BinaryMetrics.auc(v.labels(0, v.rowCount()), scores);
            }
        } else {
            Matrix m = Matrix.parse(train, time, label, header);
            parseS = (System.nanoTime() - t0) / 1e9;
            afterParse = rssKb("VmHWM");
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
                mode, rows, features, bytes / 1e6, parseS, trainS, auc, afterParse / 1024.0, rssKb("VmHWM") / 1024.0, baseline / 1024.0,
                (double) rows * features * 4 / (1 << 20)));
    }

    private static long rssKb(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
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
