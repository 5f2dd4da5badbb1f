package io.saturdayzoo.core.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
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

    /**
     * The same id for the same {@code key} within a period (the key's SHA-256, its first 16 hex digits), so a
     * retried reservation finds the one it already made.
     */
    public static AllocationId keyed(Instant at, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return new AllocationId(period(at), HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
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
