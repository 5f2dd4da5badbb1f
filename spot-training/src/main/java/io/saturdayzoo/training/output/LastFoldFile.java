package io.saturdayzoo.training.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.training.calibration.Calibrator;

/**
 * last_fold.json, beside last_fold_model.txt: which fold it is, the newest row time the fold's model or its calibrator
 * saw (the end of its validation part: rows after it are new to both), the end of its training part, and the
 * calibrator it scores through.
 */
public record LastFoldFile(
        @JsonProperty("fold") int fold,
        @JsonProperty("saw_through_epoch_second") long sawThroughEpochSecond,
        @JsonProperty("train_to_epoch_second") long trainToEpochSecond,
        @JsonProperty("calibrator") Calibrator calibrator) {
}
