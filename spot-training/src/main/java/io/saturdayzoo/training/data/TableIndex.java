package io.saturdayzoo.training.data;

import java.nio.IntBuffer;

/**
 * Every row's time and label, in file order (rows counted across the dataset's files), without the features: what
 * each machine of a distributed training reads first, so that all of them cut the same walk-forward blocks and the
 * same shares before each loads its own rows (the row numbers a share keeps are these rows' positions).
 */
public final class TableIndex {
    private final String source;
    private final long[] times;
    private final float[] labels;

    TableIndex(String source, long[] times, float[] labels) {
        if (times.length != labels.length) {
            throw new IllegalArgumentException(times.length + " times for " + labels.length + " labels");
        }
        this.source = source;
        this.times = times;
        this.labels = labels;
    }

    /** Where the data came from (path or s3:// URI). */
    public String source() {
        return source;
    }

    public int rowCount() {
        return times.length;
    }

    /** Epoch seconds of a row in file order (its row number when the dataset has no time column). */
    public long time(int row) {
        return times[row];
    }

    public float label(int row) {
        return labels[row];
    }

    /**
     * The rows in time order: {@code order[p]} is the row (in file order) at position p. Stable, so rows sharing a
     * time keep their file order, as in a table loaded in time order.
     */
    public int[] timeOrder() {
        int[] order = new int[times.length];
        boolean sorted = true;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            sorted &= i == 0 || times[i - 1] <= times[i];
        }
        if (!sorted) {
            TimeOrder.mergeSort(IntBuffer.wrap(order), IntBuffer.wrap(new int[order.length]), 0, order.length, times);
        }
        return order;
    }
}
