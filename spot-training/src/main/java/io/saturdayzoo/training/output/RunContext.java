package io.saturdayzoo.training.output;

import java.util.Map;

/**
 * Who ran a training and on what: ids, provenance (code commit and image digest, set on the Batch job by the stack)
 * and the price basis of the cost estimate.
 */
public record RunContext(String executionId, String jobId, String codeCommit, String imageDigest,
                         String instanceType, Double pricePerHour) {
    public static final String CODE_COMMIT = "ZOO_CODE_COMMIT";
    public static final String IMAGE_DIGEST = "ZOO_IMAGE_DIGEST";
    public static final String INSTANCE_TYPE = "ZOO_INSTANCE_TYPE";
    public static final String PRICE_PER_HOUR = "ZOO_PRICE_PER_HOUR";

    public static RunContext from(Map<String, String> env, String executionId, String jobId) {
        String price = env.get(PRICE_PER_HOUR);
        Double perHour = null;
        if (price != null && !price.isBlank()) {
            try {
                perHour = Double.parseDouble(price.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PRICE_PER_HOUR + ": expected a number of USD per hour, got '"
                        + price + "'");
            }
            if (!(perHour >= 0) || perHour.isInfinite()) {
                throw new IllegalArgumentException(PRICE_PER_HOUR + ": expected a number >= 0, got '" + price + "'");
            }
        }
        return new RunContext(executionId, jobId, env.getOrDefault(CODE_COMMIT, "unknown"),
                env.getOrDefault(IMAGE_DIGEST, "unknown"), env.getOrDefault(INSTANCE_TYPE, "unknown"), perHour);
    }

    /** Measured wall time x configured hourly price; null when no price is configured. */
    public Double costUsd(double wallSeconds) {
        return pricePerHour == null ? null : Math.round(pricePerHour * wallSeconds / 3600.0 * 1e6) / 1e6;
    }
}
