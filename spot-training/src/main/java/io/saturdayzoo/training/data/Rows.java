package io.saturdayzoo.training.data;

/** A contiguous, time-ordered range [from, to) of a {@link Dataset}: a view, never a copy. */
public record Rows(Dataset dataset, int from, int to) {
    public Rows {
        if (from < 0 || to < from || to > dataset.rowCount()) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") outside 0.." + dataset.rowCount());
        }
    }

    public int count() { return to - from; }

    public boolean isEmpty() { return to == from; }

    /** Label of the i-th row of this range. */
    public float label(int i) { return dataset.label(from + i); }

    public float value(int i, int feature) { return dataset.value(from + i, feature); }

    public float[] labels() { return dataset.labels(from, to); }

    public void copyLabels(java.nio.FloatBuffer into) { dataset.copyLabels(from, to, into); }

    /** Byte offset of this range's first row inside the dataset's feature buffer. */
    public long byteOffset() { return (long) from * dataset.featureCount() * Float.BYTES; }

    public long firstTime() { return dataset.time(from); }

    public long lastTime() { return dataset.time(to - 1); }
}
