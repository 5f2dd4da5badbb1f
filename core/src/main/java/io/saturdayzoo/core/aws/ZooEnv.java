package io.saturdayzoo.core.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment every process reads (Lambdas, trainer, local runner), parsed once with errors naming the
 * variable.
 *
 * @param table             ZOO_TABLE, the registry's DynamoDB table
 * @param bucket            ZOO_BUCKET, the zoo's S3 bucket
 * @param eventBus          ZOO_EVENT_BUS, optional
 * @param dataMaxAgeHours   ZOO_DATA_MAX_AGE_HOURS, preflight freshness limit (default 192)
 * @param dataPrefix        ZOO_DATA_PREFIX, key prefix of the datasets (default "datasets/")
 * <p>The stack also sets, on the trainer's job definitions, {@link #CODE_COMMIT} and {@link #IMAGE_DIGEST}: the
 * lineage the trainer writes into every run manifest.
 */
public record ZooEnv(String table, String bucket, Optional<String> eventBus, int dataMaxAgeHours, String dataPrefix) {

    public static final String TABLE = "ZOO_TABLE";
    public static final String BUCKET = "ZOO_BUCKET";
    public static final String EVENT_BUS = "ZOO_EVENT_BUS";
    public static final String DATA_MAX_AGE_HOURS = "ZOO_DATA_MAX_AGE_HOURS";
    public static final String DATA_PREFIX = "ZOO_DATA_PREFIX";
    /** The commit the trainer image was built from. */
    public static final String CODE_COMMIT = "ZOO_CODE_COMMIT";
    /** The trainer image's digest. */
    public static final String IMAGE_DIGEST = "ZOO_IMAGE_DIGEST";
    public static final int DEFAULT_DATA_MAX_AGE_HOURS = 192;
    public static final String DEFAULT_DATA_PREFIX = "datasets/";

    public static ZooEnv from(Map<String, String> env) {
        String table = required(env, TABLE);
        String bucket = required(env, BUCKET);
        String bus = env.get(EVENT_BUS);
        String maxAge = env.get(DATA_MAX_AGE_HOURS);
        int hours = DEFAULT_DATA_MAX_AGE_HOURS;
        if (maxAge != null && !maxAge.isBlank()) {
            try {
                hours = Integer.parseInt(maxAge.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(DATA_MAX_AGE_HOURS + ": expected a positive integer, got '" + maxAge
                        + "'");
            }
            if (hours < 1) {
                throw new IllegalArgumentException(DATA_MAX_AGE_HOURS + ": expected a positive integer, got " + hours);
            }
        }
        String prefix = env.getOrDefault(DATA_PREFIX, DEFAULT_DATA_PREFIX);
        if (prefix.isBlank()) {
            prefix = DEFAULT_DATA_PREFIX;
        }
        return new ZooEnv(table, bucket, Optional.ofNullable(bus).filter(b -> !b.isBlank()), hours, prefix);
    }

    /**
     * The environment of a process using this table and bucket on the stores {@code awsEnv} reaches (endpoints,
     * region, credentials), e.g. local-stores' in-process engines.
     */
    public static Map<String, String> withStores(String table, String bucket, Map<String, String> awsEnv) {
        Map<String, String> env = new LinkedHashMap<>(awsEnv);
        env.put(TABLE, table);
        env.put(BUCKET, bucket);
        return Map.copyOf(env);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": environment variable is missing");
        }
        return value.trim();
    }
}
