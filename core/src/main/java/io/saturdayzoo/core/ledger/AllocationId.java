package io.saturdayzoo.core.ledger;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An allocation's id names its budget period, so a settlement that only knows the id (a Batch job's parameter)
 * finds the row: {@code 2026-12.1f0c9a7e3b2d4c58}.
 */
public record AllocationId(String period, String token) {

    /**
     * The Batch job parameter carrying the id: the trainer's command refers to it, and the Batch event consumer
     * reads it back from a job's state change to settle or release the allocation.
     */
    public static final String JOB_PARAMETER = "allocation_id";

    private static final Pattern FORMAT = Pattern.compile("(\\d{4}-\\d{2})\\.([0-9a-f]{16})");

    public static AllocationId create(Instant at) {
        return new AllocationId(period(at), UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /** The budget period (calendar month, UTC) of an instant. */
    public static String period(Instant at) {
        return YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
    }

    public static AllocationId parse(String id) {
        var match = id == null ? null : FORMAT.matcher(id);
        if (match == null || !match.matches()) {
            throw new IllegalArgumentException("allocation_id: expected PERIOD.TOKEN such as "
                    + "'2026-12.1f0c9a7e3b2d4c58', got '" + id + "'");
        }
        return new AllocationId(match.group(1), match.group(2));
    }

    @Override
    public String toString() {
        return period + "." + token;
    }
}
