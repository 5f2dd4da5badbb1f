package io.saturdayzoo.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * How long each phase of a run took before its execution (input check, lock, stores, data, definition, bindings),
 * in the order they ended; phases on different threads overlap (the definition loads while the stores start).
 * Thread-safe: the definition's thread records into it too.
 */
public final class StartupPhases {
    private final Map<String, Duration> phases = new LinkedHashMap<>();

    /** Runs {@code work} and records its time under {@code phase}. */
    public <T> T time(String phase, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            record(phase, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    public synchronized void record(String phase, Duration took) {
        phases.merge(phase, took, Duration::plus);
    }

    public synchronized Map<String, Duration> phases() {
        return new LinkedHashMap<>(phases);
    }

    /** "input check 0.31 s, lock 0.00 s, ...". */
    public synchronized String render() {
        StringJoiner out = new StringJoiner(", ");
        phases.forEach((phase, took) -> out.add(String.format(Locale.ROOT, "%s %.2f s", phase, took.toNanos() / 1e9)));
        return out.toString();
    }
}
