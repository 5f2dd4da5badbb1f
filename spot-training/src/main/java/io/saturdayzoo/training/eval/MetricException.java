package io.saturdayzoo.training.eval;

/** A metric came out undefined (NaN, infinite, or no rows): the run must fail rather than register it. */
public class MetricException extends RuntimeException {
    public MetricException(String message) {
        super(message);
    }
}
