package io.saturdayzoo.core.preflight;

import java.time.Duration;
import java.time.Instant;

/**
 * The one freshness rule of preflight ({@code ZOO_DATA_MAX_AGE_HOURS}): data is fresh while its newest object is at
 * most the limit old. The Preflight Lambda judges the data prefix with it, the trainer each spec's dataset.
 *
 * @param age           how long ago the newest object was modified
 * @param maxAgeHours   the limit
 */
public record DataFreshness(Duration age, int maxAgeHours) {

    public static DataFreshness of(Instant newestModified, Instant now, int maxAgeHours) {
        return new DataFreshness(Duration.between(newestModified, now), maxAgeHours);
    }

    public boolean fresh() {
        return age.compareTo(Duration.ofHours(maxAgeHours)) <= 0;
    }

    /** "{n} h old (limit {m} h)". */
    public String describe() {
        return age.toHours() + " h old (limit " + maxAgeHours + " h)";
    }
}
