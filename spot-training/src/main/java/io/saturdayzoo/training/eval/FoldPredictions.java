package io.saturdayzoo.training.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.training.calibration.Calibration;
import io.saturdayzoo.training.calibration.Calibrator;
import io.saturdayzoo.training.data.Rows;

import java.util.Arrays;
import java.util.List;

/**
 * What one fold's model said about the rows it never trained on: its raw scores on the validation and test parts,
 * with their labels, and the calibrator fitted on that validation part. An ensemble is fitted on exactly these
 * (out-of-fold) predictions of its bases; the final calibrator is fitted on the validation parts of every fold.
 */
public record FoldPredictions(
        @JsonProperty("fold") int fold,
        @JsonProperty("calibrator") Calibrator calibrator,
        @JsonProperty("validation") Part validation,
        @JsonProperty("test") Part test) {

    /** One part of a fold: its row range in the time-ordered dataset, labels and raw scores in row order. */
    public record Part(
            @JsonProperty("from_row") int fromRow,
            @JsonProperty("to_row") int toRow,
            @JsonProperty("first_time") long firstTime,
            @JsonProperty("last_time") long lastTime,
            @JsonProperty("labels") float[] labels,
            @JsonProperty("scores") double[] scores) {

        public static Part of(Rows rows, double[] scores) {
            return new Part(rows.from(), rows.to(), rows.firstTime(), rows.lastTime(), rows.labels(), scores);
        }

        public int count() {
            return toRow - fromRow;
        }

        /** The same rows and labels: what two bases must share to be combined row by row. */
        public boolean sameRows(Part other) {
            return fromRow == other.fromRow && toRow == other.toRow && firstTime == other.firstTime
                    && lastTime == other.lastTime && Arrays.equals(labels, other.labels);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part p && sameRows(p) && Arrays.equals(scores, p.scores);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(labels) + Arrays.hashCode(scores);
        }

        @Override
        public String toString() {
            return "rows " + fromRow + ".." + toRow + " at " + firstTime + ".." + lastTime;
        }
    }

    /**
     * The calibrator a final model (fit on every row, so with no unseen rows of its own) scores through: fitted on
     * every fold's validation predictions, each from a model that never trained on those rows (cross-validated
     * calibration).
     */
    public static Calibrator finalCalibrator(Calibration calibration, List<FoldPredictions> folds) {
        int n = folds.stream().mapToInt(f -> f.validation().count()).sum();
        float[] labels = new float[n];
        double[] scores = new double[n];
        int at = 0;
        for (FoldPredictions f : folds) {
            System.arraycopy(f.validation().labels(), 0, labels, at, f.validation().count());
            System.arraycopy(f.validation().scores(), 0, scores, at, f.validation().count());
            at += f.validation().count();
        }
        return calibration.fit(labels, scores);
    }

    /** Validation scores as the version's scoring path gives them (this fold's calibrator applied). */
    public double[] calibratedValidation() {
        return calibrator.apply(validation.scores());
    }

    public double[] calibratedTest() {
        return calibrator.apply(test.scores());
    }
}
