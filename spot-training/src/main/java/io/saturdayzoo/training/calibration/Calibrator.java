package io.saturdayzoo.training.calibration;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Maps a model's score to a calibrated probability. Fitted on validation rows only ({@link Calibration#fit}),
 * stored as calibrator.json beside the model ({@code "method"} says which kind of calibrator), and applied wherever
 * the registered model scores rows ({@link io.saturdayzoo.training.scoring.ScoringModel}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "method")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Calibrator.Identity.class, name = "none"),
        @JsonSubTypes.Type(value = IsotonicCalibrator.class, name = "isotonic"),
        @JsonSubTypes.Type(value = PlattCalibrator.class, name = "platt")})
public sealed interface Calibrator permits Calibrator.Identity, IsotonicCalibrator, PlattCalibrator {

    double apply(double score);

    /** Which method fitted it (the "method" of calibrator.json). */
    @JsonIgnore
    Calibration method();

    default double[] apply(double[] scores) {
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = apply(scores[i]);
        }
        return out;
    }

    /** Scores as they are: no calibration asked for (and what a version without calibrator.json scores with). */
    record Identity(@JsonProperty("fitted_on_rows") int fittedOnRows) implements Calibrator {
        public static final Identity INSTANCE = new Identity(0);

        @Override
        public double apply(double score) {
            return score;
        }

        @Override
        public Calibration method() {
            return Calibration.NONE;
        }

        @Override
        public double[] apply(double[] scores) {
            return scores;
        }
    }
}
