package io.saturdayzoo.training.eval;

import io.saturdayzoo.training.data.Rows;

/** One walk-forward step: train on the past, pick the threshold on the next window, score the one after it. */
public record Fold(int index, Rows train, Rows validation, Rows test) {
}
