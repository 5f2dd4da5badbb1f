package io.saturdayzoo.core.rotation;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.ModelVersion;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which specs train this Saturday. Rotation controls freshness only: it picks the {@code budget} stalest active
 * specs, judged by the completion time of the newest version registered under each spec's label.
 * Pure and deterministic: same inputs, same list, same order.
 */
public final class RotationPolicy {

    private RotationPolicy() {
    }

    /**
     * @param specs         the catalog's specs (retired ones are ignored)
     * @param latestByLabel newest registered version per label (labels never registered are simply absent)
     * @param budget        how many specs to pick, at least 1
     * @return up to {@code budget} active specs: never-registered first, then oldest newest-version first, ties by id
     */
    public static List<ModelSpec> select(List<ModelSpec> specs, Map<String, ModelVersion> latestByLabel, int budget) {
        requirePositive(budget);
        Comparator<ModelSpec> stalestFirst = Comparator
                .comparing((ModelSpec s) -> lastTrained(s, latestByLabel), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ModelSpec::id);
        return specs.stream()
                .filter(ModelSpec::isActive)
                .sorted(stalestFirst)
                .limit(budget)
                .toList();
    }

    /**
     * The choice when the registry cannot be read: the first {@code budget} active specs by id. Predictable, so
     * an operator can tell what ran; the next healthy Saturday restores staleness order.
     */
    public static List<ModelSpec> fallback(List<ModelSpec> specs, int budget) {
        requirePositive(budget);
        return specs.stream()
                .filter(ModelSpec::isActive)
                .sorted(Comparator.comparing(ModelSpec::id))
                .limit(budget)
                .toList();
    }

    private static Instant lastTrained(ModelSpec spec, Map<String, ModelVersion> latestByLabel) {
        ModelVersion latest = latestByLabel.get(spec.label());
        return latest == null ? null : latest.completedAt();
    }

    private static void requirePositive(int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be an integer >= 1, got " + budget);
        }
    }
}
