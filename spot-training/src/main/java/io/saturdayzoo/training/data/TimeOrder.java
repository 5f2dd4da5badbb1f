package io.saturdayzoo.training.data;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Puts a dataset's rows in time order, in place: sorted input (the normal case) is untouched, and unsorted input is
 * permuted inside its own buffer (cycle by cycle, one row of scratch), so ordering never doubles the memory.
 */
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
        long[] times = new long[n];
        float[] labels = new float[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            times[i] = d.time(i);
            labels[i] = d.label(i);
            order[i] = i;
        }
        mergeSort(order, new int[n], 0, n, times); // stable: equal times keep file order
        ByteBuffer features = d.featureBuffer();
        int width = d.featureCount() * Float.BYTES;
        byte[] scratch = new byte[width];
        byte[] row = new byte[width];
        BitSet placed = new BitSet(n);
        // order[i] = source row of target position i. Walk each cycle: save the first target, pull sources forward.
        for (int start = 0; start < n; start++) {
            if (placed.get(start) || order[start] == start) {
                placed.set(start);
                continue;
            }
            features.get(start * width, scratch);
            int target = start;
            while (true) {
                int source = order[target];
                placed.set(target);
                if (source == start) {
                    features.put(target * width, scratch);
                    break;
                }
                features.get(source * width, row);
                features.put(target * width, row);
                target = source;
            }
        }
        float[] sortedLabels = new float[n];
        long[] sortedTimes = new long[n];
        for (int i = 0; i < n; i++) {
            sortedLabels[i] = labels[order[i]];
            sortedTimes[i] = times[order[i]];
        }
        return new Dataset(d.source(), d.timeColumn(), d.targetColumn(), d.featureNames(), features, sortedLabels,
                sortedTimes);
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
