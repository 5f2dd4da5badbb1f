package io.saturdayzoo.training.kind;

/**
 * Run-wide settings every kind honours: worker threads, the random seed (same seed, same model), and how many
 * machines fit each model together (1: this process alone; more: the {@link Cluster} this process joined, each
 * machine fitting on its own share of the rows).
 */
public record FitOptions(int threads, long seed, int machines) {
    public FitOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (machines < 1) {
            throw new IllegalArgumentException("machines must be >= 1, got " + machines);
        }
    }

    /** One process fits alone. */
    public FitOptions(int threads, long seed) {
        this(threads, seed, 1);
    }

    public boolean distributed() {
        return machines > 1;
    }
}
