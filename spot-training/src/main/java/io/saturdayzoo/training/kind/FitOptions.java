package io.saturdayzoo.training.kind;

import io.saturdayzoo.training.balance.ClassWeights;

/**
 * Run-wide settings every kind honours: worker threads, the random seed (same seed, same model), the class weights
 * the harness computed for this fit's training rows (null: unweighted), and how many machines fit each model together
 * (1: this process alone; more: the {@link Cluster} this process joined, each machine fitting on its own share of the
 * rows). A kind applies the weights the way its {@link ModelKind#classWeighting()} declares; the harness never hands
 * weights to a kind that declares none.
 */
public record FitOptions(int threads, long seed, ClassWeights classWeights, int machines) {
    public FitOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (machines < 1) {
            throw new IllegalArgumentException("machines must be >= 1, got " + machines);
        }
    }

    /** Unweighted, one process fitting alone. */
    public FitOptions(int threads, long seed) {
        this(threads, seed, null, 1);
    }

    public FitOptions withClassWeights(ClassWeights weights) {
        return new FitOptions(threads, seed, weights, machines);
    }

    /** The same options for a fit by {@code count} machines together. */
    public FitOptions onMachines(int count) {
        return new FitOptions(threads, seed, classWeights, count);
    }

    public boolean distributed() {
        return machines > 1;
    }
}
