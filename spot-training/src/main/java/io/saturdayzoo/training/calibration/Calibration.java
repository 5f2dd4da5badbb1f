package io.saturdayzoo.training.calibration;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.kind.InvalidSpecException;

import java.util.Arrays;
import java.util.Locale;

/** A spec's {@code calibration}: which calibrator the harness fits on validation rows. Default: none. */
public enum Calibration {
    NONE, ISOTONIC, PLATT;

    public static final Calibration DEFAULT = NONE;

    /** The catalog's spelling: "none", "isotonic", "platt". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A calibrator of this method fitted on these (validation) labels and scores.
     *
     * @param labels 0/1 labels of rows the scored model never trained on
     */
    public Calibrator fit(float[] labels, double[] scores) {
        return switch (this) {
            case NONE -> Calibrator.Identity.INSTANCE;
            case ISOTONIC -> IsotonicCalibrator.fit(labels, scores);
            case PLATT -> PlattCalibrator.fit(labels, scores);
        };
    }

    /** The spec's value (absent: the default). */
    public static Calibration of(ModelSpec spec) {
        if (spec.calibration() == null) {
            return DEFAULT;
        }
        return Arrays.stream(values()).filter(v -> v.wireName().equals(spec.calibration())).findFirst()
                .orElseThrow(() -> new InvalidSpecException("spec '" + spec.id() + "': field '"
                        + ModelSpec.CALIBRATION + "': unknown value '" + spec.calibration() + "' (expected "
                        + String.join("|", Arrays.stream(values()).map(Calibration::wireName).toList()) + ")"));
    }
}
