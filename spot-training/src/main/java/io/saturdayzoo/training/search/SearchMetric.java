package io.saturdayzoo.training.search;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SearchRequest;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.kind.InvalidSpecException;

import java.util.Arrays;
import java.util.Locale;

/** What a search compares its trials on, and which way is better. */
public enum SearchMetric {
    AUC(true),
    LOG_LOSS(false),
    BRIER(false);

    private final boolean higherIsBetter;

    SearchMetric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** As the catalog and the metrics maps spell it: "auc", "log_loss", "brier". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public double of(float[] labels, double[] scores) {
        return switch (this) {
            case AUC -> BinaryMetrics.auc(labels, scores);
            case LOG_LOSS -> BinaryMetrics.logLoss(labels, scores);
            case BRIER -> BinaryMetrics.brier(labels, scores);
        };
    }

    /** True when {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    /** The spec's search metric, or an error naming the field and the metrics there are. */
    public static SearchMetric of(ModelSpec spec) {
        String value = spec.search().metric();
        return Arrays.stream(values()).filter(m -> m.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidSpecException("spec '" + spec.id() + "': field '" + ModelSpec.SEARCH
                        + "." + SearchRequest.METRIC + "': unknown value '" + value + "' (expected "
                        + String.join("|", Arrays.stream(values()).map(SearchMetric::wireName).toList()) + ")"));
    }
}
