package io.saturdayzoo.training.balance;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.kind.InvalidSpecException;

import java.util.Arrays;
import java.util.Locale;

/**
 * A spec's {@code class_balance}. {@code none} is the default: class weights trade calibrated probabilities (log
 * loss, Brier, ECE get worse) for recall on the rare class, which is a choice for a spec to make, not something to
 * impose on every model; and "none" keeps every existing spec's model exactly as it was.
 */
public enum ClassBalance {
    /** Weight each training fold's classes so they count alike; the kind takes the weights its own way. */
    AUTO,
    /** Train on the rows as they are. */
    NONE;

    public static final ClassBalance DEFAULT = NONE;

    /** The catalog's spelling: "auto", "none". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The spec's value (absent: the default). */
    public static ClassBalance of(ModelSpec spec) {
        if (spec.classBalance() == null) {
            return DEFAULT;
        }
        return Arrays.stream(values()).filter(v -> v.wireName().equals(spec.classBalance())).findFirst()
                .orElseThrow(() -> new InvalidSpecException("spec '" + spec.id() + "': field '"
                        + ModelSpec.CLASS_BALANCE + "': unknown value '" + spec.classBalance() + "' (expected "
                        + String.join("|", Arrays.stream(values()).map(ClassBalance::wireName).toList()) + ")"));
    }
}
