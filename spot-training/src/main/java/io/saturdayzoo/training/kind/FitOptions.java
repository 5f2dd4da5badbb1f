package io.saturdayzoo.training.kind;

import io.saturdayzoo.training.balance.ClassWeights;

/**
 * Run-wide settings every kind honours: worker threads, the random seed (same seed, same model), and the class
 * weights the harness computed for this fit's training rows (null: unweighted). A kind applies the weights the way
 * its {@link ModelKind#classWeighting()} declares; the harness never hands weights to a kind that declares none.
 */
public record FitOptions(int threads, long seed, ClassWeights classWeights) {
    public FitOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** Unweighted. */
    public FitOptions(int threads, long seed) {
        this(threads, seed, null);
    }

    public FitOptions withClassWeights(ClassWeights weights) {
        return new FitOptions(threads, seed, weights);
    }
}
