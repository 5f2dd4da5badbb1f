package io.saturdayzoo.training.data;

import java.nio.ByteBuffer;

/**
 * Puts a table's rows in time order, in place: sorted input (the normal case) is untouched, and unsorted input is
 * permuted inside its own arrays (cycle by cycle, one row of scratch). The only extra memory is the int[] row order
 * and the merge sort's int[] scratch, so ordering never doubles the table nor leaves big garbage on the heap.
 */
final class TimeOrder {
    private TimeOrder() {
    }

    /** Sorts rows by {@code times} ascending (stable: equal times keep file order), moving features and labels along. */
    static void sort(ByteBuffer features, int featureCount, float[] labels, long[] times) {
        int n = times.length;
        boolean ordered = true;
        for (int i = 1; i < n && ordered; i++) {
            ordered = times[i - 1] <= times[i];
        }
        if (ordered) {
            return;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[n], 0, n, times);
        int width = featureCount * Float.BYTES;
        byte[] first = new byte[width];
        byte[] row = new byte[width];
        // order[i] = source row of target position i. Walk each cycle: save the first target, pull sources forward.
        // A placed position is marked by flipping its entry negative (~source), so no visited set is needed.
        for (int start = 0; start < n; start++) {
            if (order[start] < 0) {
                continue;
            }
            if (order[start] == start) {
                order[start] = ~start;
                continue;
            }
            features.get(start * width, first);
            float firstLabel = labels[start];
            long firstTime = times[start];
            int target = start;
            while (true) {
                int source = order[target];
                order[target] = ~source;
                if (source == start) {
                    features.put(target * width, first);
                    labels[target] = firstLabel;
                    times[target] = firstTime;
                    break;
                }
                features.get(source * width, row);
                features.put(target * width, row);
                labels[target] = labels[source];
                times[target] = times[source];
                target = source;
            }
        }
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
