package io.saturdayzoo.training.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Puts a dataset's rows in time order. Sorted input (the normal case) is returned as is, with no copy. */
final class TimeOrder {
    private TimeOrder() {
    }

    static Dataset sorted(Dataset d) {
        int n = d.rowCount();
        boolean ordered = true;
        for (int i = 1; i < n && ordered; i++) {
            ordered = d.time(i - 1) <= d.time(i);
        }
        if (ordered) {
            return d;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = d.time(i);
        }
        mergeSort(order, new int[n], 0, n, times); // stable: equal times keep file order
        int width = d.featureCount() * Float.BYTES;
        ByteBuffer src = d.featureBuffer();
        ByteBuffer dst = ByteBuffer.allocateDirect(src.capacity()).order(ByteOrder.nativeOrder());
        float[] labels = new float[n];
        long[] sortedTimes = new long[n];
        for (int i = 0; i < n; i++) {
            int from = order[i];
            dst.put(i * width, src, from * width, width);
            labels[i] = d.label(from);
            sortedTimes[i] = times[from];
        }
        return new Dataset(d.source(), d.timeColumn(), d.targetColumn(), d.featureNames(), dst, labels, sortedTimes);
    }

    private static void mergeSort(int[] a, int[] tmp, int lo, int hi, long[] key) {
        if (hi - lo < 2) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, key);
        mergeSort(a, tmp, mid, hi, key);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            tmp[k++] = key[a[j]] < key[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < hi) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, lo, a, lo, hi - lo);
    }
}
