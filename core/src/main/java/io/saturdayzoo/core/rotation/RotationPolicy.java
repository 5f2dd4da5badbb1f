package io.saturdayzoo.core.rotation;

import io.saturdayzoo.core.attempts.SpecAttempts;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which specs train this Saturday. {@link #plan} retrains every label's champion spec outside the budget and picks
 * the {@code budget} stalest other active specs (the challengers), judged by the completion time of the newest
 * version registered under each spec's label, skipping quarantined specs and giving every spec its reason.
 * Pure and deterministic: same inputs, same list, same order.
 */
public final class RotationPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RotationPolicy.class);

    private RotationPolicy() {
    }

    /**
     * Rotation as a run uses it: {@link #select} on the registry's latest versions, or {@link #fallback} when
     * reading them fails. An unreachable registry is logged at WARN with its cause and is never fatal: a Saturday
     * that trains the id-ordered specs beats a Saturday that trains nothing.
     *
     * @param latestByLabel reads the registry (e.g. {@code registry::latestVersions}); may throw
     * @throws IllegalArgumentException when budget < 1 (bad input is not a registry outage)
     */
    public static RotationChoice choose(List<ModelSpec> specs, Supplier<Map<String, ModelVersion>> latestByLabel,
                                        int budget) {
        requirePositive(budget);
        Map<String, ModelVersion> latest;
        try {
            latest = latestByLabel.get();
        } catch (RuntimeException e) {
            String cause = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("registry unreachable, rotating {} specs in id order instead of by staleness; cause: {}",
                    budget, cause);
            return new RotationChoice(fallback(specs, budget), true, cause);
        }
        return new RotationChoice(select(specs, latest, budget), false, null);
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
     * The Saturday's plan: every label's champion spec retrains outside the budget, then the budget picks the
     * stalest of the other active specs (the challengers, as {@link #select} orders them); a quarantined spec is
     * neither ({@link Quarantine}). Every spec of the catalog gets its reason.
     *
     * @param champions   champion version per label (labels without one are absent)
     * @param attempts    attempt summary per spec id (specs never attempted are absent)
     * @param fingerprint each spec's current content hash (e.g. {@code SpecFingerprint::of})
     * @param quarantineAfter the catalog's {@code quarantine_after}
     */
    public static RotationPlan plan(List<ModelSpec> specs, Map<String, ModelVersion> latestByLabel,
                                    Map<String, ModelVersion> champions, Map<String, SpecAttempts> attempts,
                                    java.util.function.Function<ModelSpec, String> fingerprint, int budget,
                                    int quarantineAfter) {
        requirePositive(budget);
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> quarantined = new LinkedHashMap<>();
        List<ModelSpec> retrains = new ArrayList<>();
        List<ModelSpec> challengers = new ArrayList<>();
        for (ModelSpec spec : specs) {
            if (!spec.isActive()) {
                reasons.put(spec.id(), RotationPlan.NOT_PICKED_RETIRED);
                continue;
            }
            Optional<String> why = Quarantine.reason(spec, fingerprint.apply(spec), attempts.get(spec.id()),
                    quarantineAfter);
            if (why.isPresent()) {
                reasons.put(spec.id(), why.get());
                quarantined.put(spec.id(), why.get());
                continue;
            }
            ModelVersion champion = champions.get(spec.label());
            if (champion != null && champion.specId().equals(spec.id())) {
                retrains.add(spec);
                reasons.put(spec.id(), RotationPlan.CHAMPION_RETRAIN + " (" + champion.versionId() + ")");
            } else {
                challengers.add(spec);
                reasons.put(spec.id(), RotationPlan.NOT_PICKED_BUDGET);
            }
        }
        retrains.sort(Comparator.comparing(ModelSpec::id));
        List<ModelSpec> picked = select(challengers, latestByLabel, budget);
        for (ModelSpec spec : picked) {
            Instant last = lastTrained(spec, latestByLabel);
            reasons.put(spec.id(), last == null ? "stalest (never trained)" : "stalest (last trained " + last + ")");
        }
        List<ModelSpec> selected = new ArrayList<>(retrains);
        selected.addAll(picked);
        return new RotationPlan(selected, reasons, quarantined);
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
