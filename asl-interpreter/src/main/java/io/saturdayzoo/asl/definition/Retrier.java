package io.saturdayzoo.asl.definition;

import java.util.List;

/**
 * One entry of a state's Retry field, with the spec's defaults filled in
 * (IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0, no MaxDelaySeconds, JitterStrategy NONE).
 */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                      Double maxDelaySeconds, boolean fullJitter) {

    /** Delay before retry number {@code retriesSoFar + 1}, before jitter: interval * rate^n, capped. */
    public double delaySeconds(int retriesSoFar) {
        double delay = intervalSeconds * Math.pow(backoffRate, retriesSoFar);
        return maxDelaySeconds == null ? delay : Math.min(delay, maxDelaySeconds);
    }
}
