package io.saturdayzoo.training.ensemble;

/** A fitted combiner: the bases' probabilities for one row in, one probability out. */
public interface FittedEnsemble {
    /** @param baseScores one probability per base, in the spec's order of bases */
    double combine(double[] baseScores);

    default double[] combine(double[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = combine(rows[i]);
        }
        return out;
    }

    /** The combiner as text: written to model.txt, read back by {@link EnsembleKind#load}. */
    String modelText();
}
