package io.saturdayzoo.training.output;

import java.util.Map;

/**
 * Who ran a training and on what: ids, provenance (code commit and image digest, set on the Batch job by the stack),
 * the price basis of the cost estimate (the price of one machine, and how many machines trained together), and for an
 * on-demand run the chosen parent version, the caller and the cost allocation, recorded verbatim (null otherwise).
 */
public record RunContext(String executionId, String jobId, String codeCommit, String imageDigest,
                         String instanceType, Double pricePerHour, int nodes, String parentVersion, String caller,
                         String allocationId) {
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
                env.getOrDefault(IMAGE_DIGEST, "unknown"), env.getOrDefault(INSTANCE_TYPE, "unknown"), perHour, 1, null, null,
                null);
    }

    /** A run trained by one machine. */
    public RunContext(String executionId, String jobId, String codeCommit, String imageDigest, String instanceType,
                      Double pricePerHour) {
        this(executionId, jobId, codeCommit, imageDigest, instanceType, pricePerHour, 1, null, null, null);
    }

    /** The same run, trained by {@code count} machines together (a multi-node job: each node is billed). */
    public RunContext onNodes(int count) {
        return new RunContext(executionId, jobId, codeCommit, imageDigest, instanceType, pricePerHour, count,
                parentVersion, caller, allocationId);
    }

    /** The same run, asked for on demand: descending from {@code parent} (null: the label's latest), by a caller. */
    public RunContext onDemand(String parent, String callerName, String allocation) {
        return new RunContext(executionId, jobId, codeCommit, imageDigest, instanceType, pricePerHour, nodes, parent,
                callerName, allocation);
    }

    /** Machines x measured wall time x configured hourly price; null when no price is configured. */
    public Double costUsd(double wallSeconds) {
        return pricePerHour == null ? null : Math.round(nodes * pricePerHour * wallSeconds / 3600.0 * 1e6) / 1e6;
    }
}
