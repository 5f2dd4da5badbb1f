package io.saturdayzoo.training.kind;

/** Run-wide settings every kind honours: worker threads and the random seed (same seed, same model). */
public record FitOptions(int threads, long seed) {
    public FitOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
