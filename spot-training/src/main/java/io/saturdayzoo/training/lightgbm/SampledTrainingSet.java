package io.saturdayzoo.training.lightgbm;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;

import io.saturdayzoo.training.data.OffHeap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Builds LightGBM's training set from a row-major float32 matrix in native memory, in two steps: learn the bins from
 * a sample, then bin every row in place.
 *
 * <p>WHY not {@code LGBM_DatasetCreateFromMat}, which does the same in one call: it gathers its bin sample (up to
 * {@code bin_construct_sample_cnt} rows, 200,000 by default) into one growing {@code std::vector} per column. At
 * 1M x 28 that peaks near 100 MB, and the allocator keeps most of it after the free, so the process stays that much
 * bigger for the whole training. Here the very same sample (the row indices come from LightGBM's own
 * {@code LGBM_SampleIndices}, seeded by the same params) is gathered once into exact-size buffers, handed to
 * {@code LGBM_DatasetCreateFromSampledColumn}, and freed as soon as the bins are learned; {@code LGBM_DatasetPushRows}
 * then bins the rows straight from the matrix. Same sample, same filter, same bins: the model is bit-identical to
 * CreateFromMat's (a test checks it).
 */
final class SampledTrainingSet {
    /** LightGBM's kZeroThreshold: sample values this close to zero are left out, as CreateFromMat leaves them out. */
    private static final double ZERO = 1e-35f;

    private SampledTrainingSet() {
    }

    /** The new dataset's handle, over {@code rows} x {@code cols} floats of {@code features} from byte {@code offset}. */
    static SWIGTYPE_p_void build(ByteBuffer features, int offset, int rows, int cols, String params) {
        ByteBuffer sample = sampleRows(rows, params);
        try {
            SWIGTYPE_p_void handle = createFromSample(features, offset, rows, cols, sample.asIntBuffer(), params);
            // the push that brings in the last row also makes LightGBM finish the load
            int rc = lightgbmlib.LGBM_DatasetPushRows(handle, NativeLightGbm.pointer(SWIGTYPE_p_void.class,
                    OffHeap.address(features) + offset), lightgbmlibConstants.C_API_DTYPE_FLOAT32, rows, cols, 0);
            if (rc != 0) {
                String error = lightgbmlib.LGBM_GetLastError();
                lightgbmlib.LGBM_DatasetFree(handle);
                throw new IllegalStateException("LightGBM: " + error);
            }
            return handle;
        } finally {
            OffHeap.free(sample);
        }
    }

    /** LightGBM's own choice of sample rows for this row count and these params (ascending row indices). */
    private static ByteBuffer sampleRows(int rows, String params) {
        SWIGTYPE_p_int count = lightgbmlib.new_intp();
        try {
            NativeLightGbm.check(lightgbmlib.LGBM_GetSampleCount(rows, params, count));
            ByteBuffer indices = OffHeap.allocate((long) lightgbmlib.intp_value(count) * Integer.BYTES);
            NativeLightGbm.check(lightgbmlib.LGBM_SampleIndices(rows, params,
                    NativeLightGbm.pointer(SWIGTYPE_p_void.class, OffHeap.address(indices)), count));
            return indices.limit(lightgbmlib.intp_value(count) * Integer.BYTES);
        } finally {
            lightgbmlib.delete_intp(count);
        }
    }

    /**
     * Gathers the sample into one array per column (each column keeps only its values that are not ~0, with their
     * positions in the sample, as LightGBM expects) and lets LightGBM learn the bins from it. The matrix is read a
     * sample row at a time, in row order, each row in one bulk copy: read column by column, every value would be a
     * cache miss a row's width away from the last.
     */
    private static SWIGTYPE_p_void createFromSample(ByteBuffer features, int offset, int rows, int cols,
                                                    IntBuffer sampleRows, String params) {
        int n = sampleRows.limit();
        FloatBuffer matrix = slice(features, offset, (long) rows * cols * Float.BYTES).asFloatBuffer();
        float[] row = new float[cols];
        int[] kept = new int[cols];
        for (int s = 0; s < n; s++) {
            matrix.get(sampleRows.get(s) * cols, row);
            for (int c = 0; c < cols; c++) {
                if (keep(row[c])) {
                    kept[c]++;
                }
            }
        }
        long total = 0;
        long sparseTotal = 0;
        for (int c = 0; c < cols; c++) {
            total += kept[c];
            sparseTotal += kept[c] == n ? 0 : kept[c];
        }
        // a column with no ~0 values has positions 0..n-1: every such column shares one copy of them
        ByteBuffer values = OffHeap.allocate(total * Double.BYTES);
        ByteBuffer allPositions = OffHeap.allocate((long) n * Integer.BYTES);
        ByteBuffer sparsePositions = OffHeap.allocate(Math.max(1, sparseTotal) * Integer.BYTES);
        ByteBuffer valuePointers = OffHeap.allocate((long) cols * Long.BYTES);
        ByteBuffer positionPointers = OffHeap.allocate((long) cols * Long.BYTES);
        ByteBuffer counts = OffHeap.allocate((long) cols * Integer.BYTES);
        SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
        try {
            IntBuffer all = allPositions.asIntBuffer();
            for (int s = 0; s < n; s++) {
                all.put(s, s);
            }
            DoubleBuffer[] columnValues = new DoubleBuffer[cols];
            IntBuffer[] columnPositions = new IntBuffer[cols]; // null: a dense column, positions 0..n-1
            long valueStart = 0;
            long sparseStart = 0;
            for (int c = 0; c < cols; c++) {
                boolean dense = kept[c] == n;
                ByteBuffer valueSlice = slice(values, valueStart * Double.BYTES, kept[c] * Double.BYTES);
                ByteBuffer positionSlice = dense ? allPositions
                        : slice(sparsePositions, sparseStart * Integer.BYTES, kept[c] * Integer.BYTES);
                columnValues[c] = valueSlice.asDoubleBuffer();
                columnPositions[c] = dense ? null : positionSlice.asIntBuffer();
                valuePointers.putLong(c * Long.BYTES, OffHeap.address(valueSlice));
                positionPointers.putLong(c * Long.BYTES, OffHeap.address(positionSlice));
                counts.putInt(c * Integer.BYTES, kept[c]);
                valueStart += kept[c];
                sparseStart += dense ? 0 : kept[c];
            }
            int[] next = new int[cols];
            for (int s = 0; s < n; s++) {
                matrix.get(sampleRows.get(s) * cols, row);
                for (int c = 0; c < cols; c++) {
                    if (keep(row[c])) {
                        int k = next[c]++;
                        columnValues[c].put(k, row[c]);
                        if (columnPositions[c] != null) {
                            columnPositions[c].put(k, s);
                        }
                    }
                }
            }
            NativeLightGbm.check(lightgbmlib.LGBM_DatasetCreateFromSampledColumn(
                    NativeLightGbm.pointer(SWIGTYPE_p_p_double.class, OffHeap.address(valuePointers)),
                    NativeLightGbm.pointer(SWIGTYPE_p_p_int.class, OffHeap.address(positionPointers)),
                    cols, NativeLightGbm.pointer(SWIGTYPE_p_int.class, OffHeap.address(counts)),
                    n, rows, rows, params, out));
            return lightgbmlib.voidpp_value(out);
        } finally {
            lightgbmlib.delete_voidpp(out);
            for (ByteBuffer b : new ByteBuffer[] {values, allPositions, sparsePositions, valuePointers,
                    positionPointers, counts}) {
                OffHeap.free(b);
            }
        }
    }

    /** CreateFromMat's filter: a value enters the sample unless it is within LightGBM's zero threshold (NaN enters). */
    private static boolean keep(float v) {
        return Math.abs((double) v) > ZERO || Float.isNaN(v);
    }

    /** A native-order view of part of a buffer: its address is the part's first byte. */
    private static ByteBuffer slice(ByteBuffer buffer, long from, long length) {
        return buffer.slice((int) from, (int) length).order(ByteOrder.nativeOrder());
    }
}
