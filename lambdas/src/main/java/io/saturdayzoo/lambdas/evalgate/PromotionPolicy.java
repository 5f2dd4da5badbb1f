package io.saturdayzoo.lambdas.evalgate;

import io.saturdayzoo.core.registry.ModelVersion;

import java.util.Locale;
import java.util.Optional;

/**
 * The eval gate's rule: a candidate becomes champion when its label has no champion, or when its holdout AUC is
 * at least the champion's plus a minimum improvement (default 0.0, so a fresher model of equal quality wins).
 * A candidate without an AUC is rejected; a champion without one cannot defend its place, so the candidate wins.
 * Pure: same versions, same verdict.
 */
public final class PromotionPolicy {

    /** The holdout metric compared; the trainer records it in each version's metrics. */
    public static final String METRIC = "auc";
    public static final String MIN_DELTA_ENV = "ZOO_PROMOTION_MIN_DELTA";

    private final double minDelta;

    public PromotionPolicy(double minDelta) {
        if (!Double.isFinite(minDelta) || minDelta < 0) {
            throw new IllegalArgumentException(MIN_DELTA_ENV + ": expected a number >= 0, got " + minDelta);
        }
        this.minDelta = minDelta;
    }

    /** Reads ZOO_PROMOTION_MIN_DELTA (default 0.0). */
    public static PromotionPolicy fromEnv(java.util.Map<String, String> env) {
        String raw = env.get(MIN_DELTA_ENV);
        if (raw == null || raw.isBlank()) {
            return new PromotionPolicy(0.0);
        }
        try {
            return new PromotionPolicy(Double.parseDouble(raw.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MIN_DELTA_ENV + ": expected a number >= 0, got '" + raw + "'");
        }
    }

    public double minDelta() {
        return minDelta;
    }

    /** What the gate decides for one candidate, with the numbers behind it. */
    public record Verdict(boolean promote, Double candidateMetric, Double championMetric, String reason) {
    }

    public Verdict judge(ModelVersion candidate, Optional<ModelVersion> champion) {
        Double candidateAuc = candidate.metrics().get(METRIC);
        Double championAuc = champion.map(c -> c.metrics().get(METRIC)).orElse(null);
        if (candidateAuc == null || !Double.isFinite(candidateAuc)) {
            return new Verdict(false, null, championAuc, candidate.versionId() + " has no holdout '" + METRIC
                    + "' metric (has " + candidate.metrics().keySet() + ")");
        }
        if (champion.isEmpty()) {
            return new Verdict(true, candidateAuc, null, "no champion yet for label '" + candidate.label() + "'");
        }
        String championId = champion.get().versionId();
        if (championAuc == null || !Double.isFinite(championAuc)) {
            return new Verdict(true, candidateAuc, null, "champion " + championId + " has no '" + METRIC + "' metric");
        }
        String comparison = String.format(Locale.ROOT, "%s %.4f vs champion %s %.4f (min improvement %.4f)",
                METRIC, candidateAuc, championId, championAuc, minDelta);
        boolean better = candidateAuc - championAuc >= minDelta;
        return new Verdict(better, candidateAuc, championAuc, comparison);
    }
}
