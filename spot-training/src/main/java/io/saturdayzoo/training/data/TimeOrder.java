package io.saturdayzoo.training.data;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;

/**
 * Puts a table's rows in time order, in place: sorted input (the normal case) is untouched, and unsorted input is
 * permuted inside its own arrays (cycle by cycle, one row of scratch). The only extra memory is the row order and
 * the merge sort's scratch, two ints per row, held off the heap and freed as soon as the rows are in place: on the heap
 * they would stay resident as garbage through the whole training, as big as the labels and times together.
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
        ByteBuffer orderMemory = OffHeap.allocate((long) n * Integer.BYTES);
        ByteBuffer scratchMemory = OffHeap.allocate((long) n * Integer.BYTES);
        try {
            IntBuffer order = orderMemory.asIntBuffer();
            for (int i = 0; i < n; i++) {
                order.put(i, i);
            }
            mergeSort(order, scratchMemory.asIntBuffer(), 0, n, times);
            permute(order, features, featureCount, labels, times);
        } finally {
            OffHeap.free(scratchMemory);
            OffHeap.free(orderMemory);
        }
    }

    /** Moves each row to its place: order[i] is the source row of position i. */
    private static void permute(IntBuffer order, ByteBuffer features, int featureCount, float[] labels, long[] times) {
        int n = times.length;
        int width = featureCount * Float.BYTES;
        byte[] first = new byte[width];
        byte[] row = new byte[width];
        // order[i] = source row of target position i. Walk each cycle: save the first target, pull sources forward.
        // A placed position is marked by flipping its entry negative (~source), so no visited set is needed.
        for (int start = 0; start < n; start++) {
            if (order.get(start) < 0) {
                continue;
            }
            if (order.get(start) == start) {
                order.put(start, ~start);
                continue;
            }
            features.get(start * width, first);
            float firstLabel = labels[start];
            long firstTime = times[start];
            int target = start;
            while (true) {
                int source = order.get(target);
                order.put(target, ~source);
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

    /** Sorts the row numbers in {@code a[lo, hi)} by {@code key} ascending, stably ({@code tmp} is scratch as long). */
    static void mergeSort(IntBuffer a, IntBuffer tmp, int lo, int hi, long[] key) {
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
            tmp.put(k++, key[a.get(j)] < key[a.get(i)] ? a.get(j++) : a.get(i++));
        }
        while (i < mid) {
            tmp.put(k++, a.get(i++));
        }
        while (j < hi) {
            tmp.put(k++, a.get(j++));
        }
        a.put(lo, tmp, lo, hi - lo);
    }
}
