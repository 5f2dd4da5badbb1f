package io.saturdayzoo.training.balance;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Class weights computed from one set of training rows: each positive counts {@link #positiveWeight()} times a
 * negative (negatives / positives), so both classes carry the same total weight. Computed from a fold's training
 * part only: never from the validation or test rows the fold is judged on.
 */
public record ClassWeights(@JsonProperty("positives") long positives, @JsonProperty("negatives") long negatives,
                           @JsonProperty("positive_weight") double positiveWeight) {

    /** Weights for these training labels; rows of one class only cannot be balanced (the fold fails later anyway). */
    public static ClassWeights of(float[] labels) {
        long positives = 0;
        for (float label : labels) {
            if (label == 1f) {
                positives++;
            }
        }
        long negatives = labels.length - positives;
        double weight = positives == 0 || negatives == 0 ? 1.0 : (double) negatives / positives;
        return new ClassWeights(positives, negatives, weight);
    }

    /** The weight of a row with this label, for kinds that take one weight per row. */
    public double rowWeight(float label) {
        return label == 1f ? positiveWeight : 1.0;
    }
}
