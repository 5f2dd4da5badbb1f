package io.saturdayzoo.training.kind;

import io.saturdayzoo.training.data.Rows;

import java.util.List;
import java.util.Map;

/** A trained model of some kind. Evaluation only ever sees this: scores in, one metrics path for every kind. */
public interface FittedModel extends AutoCloseable {
    /** P(label = 1) for each row, in row order. */
    double[] predict(Rows rows);

    /** The model as text: written to model.txt and to checkpoints, read back by {@link ModelKind#load}. */
    String modelText();

    /** Per-feature importance (total gain where the kind has it), keyed by feature name; empty if not meaningful. */
    default Map<String, Double> featureImportance(List<String> featureNames) {
        return Map.of();
    }

    /** Releases native memory, if any. */
    @Override
    default void close() {
    }
}
