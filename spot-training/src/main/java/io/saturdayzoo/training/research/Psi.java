package io.saturdayzoo.training.research;

import io.saturdayzoo.training.data.Rows;

import java.util.Arrays;

/**
 * Population stability index of one feature between a reference range and a recent range: ten bins at the
 * reference deciles plus one for missing values; PSI = sum((recent - reference) * ln(recent / reference)).
 * Rule of thumb: < 0.1 stable, 0.1-0.2 moderate shift, > 0.2 drifted.
 */
public final class Psi {
    public static final double DRIFTED = 0.2;
    private static final int BINS = 10;
    private static final double FLOOR = 1e-4; // empty bins would make ln() infinite

    private Psi() {
    }

    public static double of(Rows reference, Rows recent, int feature) {
        return of(values(reference, feature), values(recent, feature));
    }

    /** PSI of any two samples of one quantity (a model's scores, say), binned at the reference's deciles. */
    public static double of(double[] reference, double[] recent) {
        return of(toFloats(reference), toFloats(recent));
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static double of(float[] reference, float[] recent) {
        float[] ref = reference.clone();
        Arrays.sort(ref); // NaN sorts last
        int finite = 0;
        while (finite < ref.length && !Float.isNaN(ref[finite])) {
            finite++;
        }
        double[] edges = new double[BINS - 1];
        for (int b = 1; b < BINS; b++) {
            edges[b - 1] = finite == 0 ? 0 : ref[Math.min(finite - 1, (int) ((long) finite * b / BINS))];
        }
        double[] expected = histogram(ref, edges);
        double[] actual = histogram(recent, edges);
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(FLOOR, expected[i]);
            double a = Math.max(FLOOR, actual[i]);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    private static float[] values(Rows rows, int feature) {
        float[] out = new float[rows.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.value(i, feature);
        }
        return out;
    }

    /** Share of values per bin; the last slot holds missing values. */
    private static double[] histogram(float[] values, double[] edges) {
        double[] share = new double[BINS + 1];
        for (float v : values) {
            if (Float.isNaN(v)) {
                share[BINS]++;
            } else {
                int bin = Arrays.binarySearch(edges, v);
                bin = bin >= 0 ? bin : -bin - 1; // values equal to an edge go to the lower bin
                share[bin]++;
            }
        }
        for (int i = 0; i < share.length; i++) {
            share[i] = values.length == 0 ? 0 : share[i] / values.length;
        }
        return share;
    }
}
