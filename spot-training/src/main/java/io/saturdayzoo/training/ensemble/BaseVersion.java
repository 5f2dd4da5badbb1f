package io.saturdayzoo.training.ensemble;

import io.saturdayzoo.training.eval.OutOfFoldPredictions;

/** One base an ensemble combines: the registered version it uses and that version's out-of-fold predictions. */
public record BaseVersion(String specId, String versionId, OutOfFoldPredictions outOfFold) {
}
