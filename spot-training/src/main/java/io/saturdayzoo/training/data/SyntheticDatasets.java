package io.saturdayzoo.training.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Deterministic, time-ordered binary-classification data for tests and local runs (a Java port of the benchmark's
 * gen_data.py): columns ts (epoch seconds, non-decreasing), label (0/1), f0..f27. The label follows a nonlinear,
 * noisy signal, so AUC sits well between 0.5 and 1 and trees have real work to do. Same seed, same bytes.
 *
 * <p>{@code drift} shifts the distribution of a few features progressively over time, so later rows differ from
 * earlier ones the way live data drifts (0 = stationary).
 */
public final class SyntheticDatasets {
    public static final int FEATURES = 28;
    /** 2024-01-01T00:00:00Z. */
    public static final long DEFAULT_START_EPOCH = 1_704_067_200L;

    public record Spec(int rows, long seed, long startEpochSecond, int days, double drift) {
        public Spec {
            if (rows < 1) {
                throw new IllegalArgumentException("rows must be >= 1, got " + rows);
            }
            if (days < 1) {
                throw new IllegalArgumentException("days must be >= 1, got " + days);
            }
        }

        public static Spec of(int rows, long seed) {
            return new Spec(rows, seed, DEFAULT_START_EPOCH, 730, 0.0);
        }

        /** The same data, ending at endEpochSecond instead of starting at a fixed date (fresh data for preflight). */
        public Spec endingAt(long endEpochSecond) {
            return new Spec(rows, seed, endEpochSecond - (long) days * 86_400L, days, drift);
        }

        public Spec withDrift(double d) {
            return new Spec(rows, seed, startEpochSecond, days, d);
        }
    }

    private SyntheticDatasets() {
    }

    public static Path writeCsv(Path file, Spec spec) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeCsv(out, spec);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams the CSV (header + rows) to out; out is flushed, not closed (it may be an S3 upload stream). */
    public static void writeCsv(OutputStream sink, Spec spec) throws IOException {
        BufferedOutputStream out = new BufferedOutputStream(sink, 1 << 16);
        writeHeader(out);
        SplittableRandom rng = new SplittableRandom(spec.seed());
        StringBuilder line = new StringBuilder(256);
        float[] x = new float[FEATURES];
        long span = (long) spec.days() * 86_400L;
        for (int r = 0; r < spec.rows(); r++) {
            int label = row(rng, x, spec.drift() * ((double) r / spec.rows()), 0);
            long ts = spec.startEpochSecond() + (long) ((double) r * span / spec.rows()) / 60 * 60;
            line.setLength(0);
            line.append(ts).append(',').append(label);
            for (float v : x) {
                line.append(',');
                appendFixed4(line, v);
            }
            out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    /** The header line: ts,label,f0..f27. */
    public static void writeHeader(OutputStream out) throws IOException {
        StringBuilder line = new StringBuilder("ts,label");
        for (int i = 0; i < FEATURES; i++) {
            line.append(",f").append(i);
        }
        out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * One period of a moving world, without header: {@code rows} rows from their own seed, times spread evenly
     * over [fromEpochSecond, toEpochSecond), with every row of the period under the same {@code shift} of the
     * drifting features' distribution and the same {@code angle} of the concept (the label's weight turns from
     * f0 to f10 as the angle grows, so a model fitted on older periods slowly loses to a fresh one).
     */
    public static void writePeriod(OutputStream sink, long seed, int rows, long fromEpochSecond, long toEpochSecond,
                                   double shift, double angle) throws IOException {
        BufferedOutputStream out = new BufferedOutputStream(sink, 1 << 16);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[FEATURES];
        StringBuilder line = new StringBuilder(256);
        long span = toEpochSecond - fromEpochSecond;
        for (int r = 0; r < rows; r++) {
            int label = row(rng, x, shift, angle);
            long ts = fromEpochSecond + (long) ((double) r * span / rows) / 60 * 60;
            line.setLength(0);
            line.append(ts).append(',').append(label);
            for (float v : x) {
                line.append(',');
                appendFixed4(line, v);
            }
            out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    /**
     * Fills x with one row's features and returns its label. {@code shift} moves the drifting features (f8, f9);
     * {@code angle} turns the concept (0: the original label function, bit for bit).
     */
    private static int row(SplittableRandom rng, float[] x, double shift, double angle) {
        for (int i = 0; i < 20; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 20; i < FEATURES; i++) {
            x[i] = (float) (rng.nextDouble() * 6 - 3);
        }
        x[8] += (float) (2 * shift);
        x[9] *= (float) (1 + shift);
        double logit = 0.8 * Math.cos(angle) * x[0] - 0.6 * x[1] * x[2] + 0.5 * Math.sin(2 * x[3]) + 0.4 * (x[4] > 0.5 ? 1 : 0)
                + 0.3 * x[5] * x[5] - 0.3 + 0.25 * Math.abs(x[20]) - 0.2 * x[6] * (x[7] > 0 ? 1 : 0)
                + 0.8 * Math.sin(angle) * x[10];
        return rng.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    }

    /** Four decimals, no exponent: exact and fast to write, and exact to read back through the float fast path. */
    private static void appendFixed4(StringBuilder sb, float v) {
        long scaled = Math.round(v * 10_000.0);
        if (scaled < 0) {
            sb.append('-');
            scaled = -scaled;
        }
        sb.append(scaled / 10_000).append('.');
        long frac = scaled % 10_000;
        if (frac < 1000) {
            sb.append('0');
        }
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        sb.append(frac);
    }
}
