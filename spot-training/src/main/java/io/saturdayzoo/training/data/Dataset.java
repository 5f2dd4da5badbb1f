package io.saturdayzoo.training.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A time-ordered binary-classification table held for training.
 *
 * <p>Features live in ONE direct, native-order buffer of float32, row-major, so LightGBM reads it in place (no Java
 * copy, no boxing) and any row range is just an offset into it. Rows are sorted by {@link #time(int)} ascending.
 */
public final class Dataset {
    private final String source;
    private final String timeColumn;
    private final String targetColumn;
    private final List<String> featureNames;
    private final ByteBuffer features;
    private final float[] labels;
    private final long[] times;
    private final int rows;

    Dataset(String source, String timeColumn, String targetColumn, List<String> featureNames, ByteBuffer features,
            float[] labels, long[] times) {
        this.source = Objects.requireNonNull(source);
        this.timeColumn = timeColumn;
        this.targetColumn = targetColumn;
        this.featureNames = List.copyOf(featureNames);
        if (!features.isDirect() || features.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("features must be a direct buffer in native byte order");
        }
        this.features = features;
        this.labels = labels;
        this.times = times;
        this.rows = labels.length;
        if ((long) rows * featureNames.size() * Float.BYTES != features.capacity()) {
            throw new IllegalArgumentException("feature buffer holds " + features.capacity() + " bytes, expected "
                    + (long) rows * featureNames.size() * Float.BYTES);
        }
    }

    /** Where the data came from (path or s3:// URI), for manifests and error messages. */
    public String source() { return source; }

    public String timeColumn() { return timeColumn; }

    public String targetColumn() { return targetColumn; }

    public List<String> featureNames() { return featureNames; }

    public int featureCount() { return featureNames.size(); }

    public int rowCount() { return rows; }

    public float label(int row) { return labels[row]; }

    /** Epoch seconds of a row (or its row index when the source has no time column). */
    public long time(int row) { return times[row]; }

    public float value(int row, int feature) {
        return features.getFloat(((row * featureNames.size()) + feature) * Float.BYTES);
    }

    /** The feature buffer itself (read-only use): native code takes its address, Java kinds read it by index. */
    public ByteBuffer featureBuffer() { return features; }

    /** First row whose time is >= t (rowCount() if none): rows are time-ordered, so a binary search. */
    public int firstRowAtOrAfter(long t) {
        int lo = 0;
        int hi = rows;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public Rows all() { return new Rows(this, 0, rows); }

    public Rows rows(int from, int to) { return new Rows(this, from, to); }

    /** Labels of a row range, copied (small: one float per row). */
    public float[] labels(int from, int to) { return java.util.Arrays.copyOfRange(labels, from, to); }

    /** Labels of a row range written into {@code into} (off-heap memory a native library reads), no heap copy. */
    public void copyLabels(int from, int to, FloatBuffer into) { into.put(labels, from, to - from); }
}
