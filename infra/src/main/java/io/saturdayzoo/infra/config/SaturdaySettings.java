package io.saturdayzoo.infra.config;

import io.saturdayzoo.core.aws.ZooEnv;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every knob of the app, read once from CDK context ({@code cdk synth -c key=value}, cdk.json, or the map given to
 * {@code SaturdayApp.synthesize}) and validated before any construct is built, so a typo fails the synth with the
 * key and the value instead of deploying something odd.
 *
 * <p>Values arrive as strings from the command line and as numbers, booleans or lists from cdk.json or in-process
 * callers; each reader accepts both.
 */
public record SaturdaySettings(
        String saturdayCron,
        String fridayCron,
        String scheduleTimeZone,
        boolean schedulesEnabled,
        List<String> spotInstanceTypes,
        int maxVcpus,
        Optional<String> alertEmail,
        int mapMaxConcurrency,
        List<String> researchCommand,
        String dataPrefix,
        int dataMaxAgeHours,
        Optional<Path> lambdaJar,
        Optional<Path> trainerImageDir,
        BucketLifecycle bucketLifecycle,
        MultiNode multiNode,
        TrainingFanOut trainingFanOut) {

    /**
     * How long the zoo bucket keeps what nothing reads again: trainer run outputs (registration copies them to
     * models/ within the run), fold checkpoints (a Spot retry reads them within hours) and replaced object versions.
     */
    public record BucketLifecycle(int runsExpirationDays, int checkpointsExpirationDays,
                                  int noncurrentVersionExpirationDays) {
    }

    /**
     * Multi-node training (specs with "nodes" >= 2): AWS Batch runs multi-node parallel jobs on On-Demand capacity
     * only, so they get a compute environment of their own, capped by {@code maxVcpus}; a spec's node size defaults
     * to {@code nodeVcpus} and {@code nodeMemoryGib}.
     */
    public record MultiNode(List<String> instanceTypes, int maxVcpus, int nodeVcpus, int nodeMemoryGib) {
    }

    /** Context keys, one constant each so tests and docs spell them the same way. */
    public static final String SATURDAY_CRON = "saturdayCron";
    public static final String FRIDAY_CRON = "fridayCron";
    public static final String SCHEDULE_TIME_ZONE = "scheduleTimeZone";
    public static final String SCHEDULES_ENABLED = "schedulesEnabled";
    public static final String SPOT_INSTANCE_TYPES = "spotInstanceTypes";
    public static final String MAX_VCPUS = "maxVcpus";
    public static final String ALERT_EMAIL = "alertEmail";
    public static final String MAP_MAX_CONCURRENCY = "mapMaxConcurrency";
    public static final String RESEARCH_COMMAND = "researchCommand";
    public static final String DATA_PREFIX = "dataPrefix";
    public static final String DATA_MAX_AGE_HOURS = "dataMaxAgeHours";
    public static final String LAMBDA_JAR = "lambdaJar";
    public static final String TRAINER_IMAGE_DIR = "trainerImageDir";
    public static final String RUNS_EXPIRATION_DAYS = "runsExpirationDays";
    public static final String CHECKPOINTS_EXPIRATION_DAYS = "checkpointsExpirationDays";
    public static final String NONCURRENT_VERSION_EXPIRATION_DAYS = "noncurrentVersionExpirationDays";

    public static final String MULTI_NODE_INSTANCE_TYPES = "multiNodeInstanceTypes";
    public static final String MULTI_NODE_MAX_VCPUS = "multiNodeMaxVcpus";
    public static final String NODE_VCPUS = "nodeVcpus";
    public static final String NODE_MEMORY_GIB = "nodeMemoryGib";
    /** The most specs one Saturday may train; above {@link TrainingFanOut#INLINE_MAX_SPECS}, a Distributed Map. */
    public static final String MAX_SPECS_PER_SATURDAY = "maxSpecsPerSaturday";

    public static final List<String> KEYS = List.of(SATURDAY_CRON, FRIDAY_CRON, SCHEDULE_TIME_ZONE,
            SCHEDULES_ENABLED, SPOT_INSTANCE_TYPES, MAX_VCPUS, ALERT_EMAIL, MAP_MAX_CONCURRENCY, RESEARCH_COMMAND,
            DATA_PREFIX, DATA_MAX_AGE_HOURS, LAMBDA_JAR, TRAINER_IMAGE_DIR, RUNS_EXPIRATION_DAYS,
            CHECKPOINTS_EXPIRATION_DAYS, NONCURRENT_VERSION_EXPIRATION_DAYS, MULTI_NODE_INSTANCE_TYPES,
            MULTI_NODE_MAX_VCPUS, NODE_VCPUS, NODE_MEMORY_GIB, MAX_SPECS_PER_SATURDAY);

    /**
     * No longer read, and refused so a deploy does not silently ignore it: how many specs a Saturday trains is the
     * zoo catalog's {@code budget} (zoo/catalog.json), and an execution input's {@code budget} overrides it per run.
     */
    public static final String RETIRED_BUDGET = "budget";

    /** The placeholder a {@link #researchCommand} element may use for the execution id (the S3 run prefix). */
    public static final String EXECUTION_ID_PLACEHOLDER = "{execution_id}";

    /** Saturday 06:00 and Friday 18:00 in {@link #DEFAULT_TIME_ZONE}: the dry run leaves a night to fix data. */
    public static final String DEFAULT_SATURDAY_CRON = "cron(0 6 ? * SAT *)";
    public static final String DEFAULT_FRIDAY_CRON = "cron(0 18 ? * FRI *)";
    public static final String DEFAULT_TIME_ZONE = "UTC";
    /** Several families and sizes: Spot capacity is found (and kept) more often across a wider pool. */
    public static final List<String> DEFAULT_SPOT_INSTANCE_TYPES =
            List.of("m6i.large", "m6i.xlarge", "m5.large", "m5.xlarge", "c6i.xlarge", "r6i.large");
    public static final int DEFAULT_MAX_VCPUS = 64;
    public static final int DEFAULT_MAP_MAX_CONCURRENCY = 4;
    public static final List<String> DEFAULT_RESEARCH_COMMAND =
            List.of("research", "--execution-id", EXECUTION_ID_PLACEHOLDER);
    public static final String DEFAULT_DATA_PREFIX = ZooEnv.DEFAULT_DATA_PREFIX;
    /** Eight days: a weekly export that is a day late still passes the Friday check. */
    public static final int DEFAULT_DATA_MAX_AGE_HOURS = ZooEnv.DEFAULT_DATA_MAX_AGE_HOURS;
    /** A quarter: long enough to re-register a run whose registration failed, or to compare runs by hand. */
    public static final int DEFAULT_RUNS_EXPIRATION_DAYS = 90;
    /** Two weeks: retries read checkpoints within hours; the rest is kept for a look after a bad Saturday. */
    public static final int DEFAULT_CHECKPOINTS_EXPIRATION_DAYS = 14;
    public static final int DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;
    /** Sizes that hold the default node (4 vCPUs, 14 GiB: ECS keeps part of a 16 GiB host's memory for itself). */
    public static final List<String> DEFAULT_MULTI_NODE_INSTANCE_TYPES =
            List.of("m6i.xlarge", "m6i.2xlarge", "m5.xlarge", "m5.2xlarge", "r6i.xlarge");
    /** On-Demand costs about three times Spot: two default nodes at once, or one job of four, and no more. */
    public static final int DEFAULT_MULTI_NODE_MAX_VCPUS = 16;
    public static final int DEFAULT_NODE_VCPUS = 4;
    public static final int DEFAULT_NODE_MEMORY_GIB = 14;

    private static final Pattern CRON = Pattern.compile("cron\\((\\S+ ){5}\\S+\\)");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9]+)?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    // Characters that are syntax inside ASL intrinsic functions (the command is rendered with States.Array).
    private static final Pattern INTRINSIC_RESERVED = Pattern.compile("['{}\\\\]");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads and validates every key; {@code context} returns null for an absent key. */
    public static SaturdaySettings fromContext(Function<String, Object> context) {
        if (context.apply(RETIRED_BUDGET) != null) {
            throw new ContextValueException("context '" + RETIRED_BUDGET + "': not a setting of the app any more (got '"
                    + context.apply(RETIRED_BUDGET) + "'): set \"budget\" in zoo/catalog.json, or give {\"budget\": n} "
                    + "in an execution's input to override it for one run");
        }
        String saturdayCron = cron(context, SATURDAY_CRON, DEFAULT_SATURDAY_CRON);
        String fridayCron = cron(context, FRIDAY_CRON, DEFAULT_FRIDAY_CRON);
        String timeZone = timeZone(context);
        boolean schedulesEnabled = bool(context, SCHEDULES_ENABLED, false);
        List<String> instanceTypes = instanceTypes(context, SPOT_INSTANCE_TYPES, DEFAULT_SPOT_INSTANCE_TYPES);
        int maxVcpus = positiveInt(context, MAX_VCPUS, DEFAULT_MAX_VCPUS);
        Optional<String> alertEmail = optionalString(context, ALERT_EMAIL);
        alertEmail.ifPresent(email -> {
            if (!EMAIL.matcher(email).matches()) {
                throw new ContextValueException(ALERT_EMAIL, email, "an e-mail address such as ops@example.com");
            }
        });
        int mapMaxConcurrency = positiveInt(context, MAP_MAX_CONCURRENCY, DEFAULT_MAP_MAX_CONCURRENCY);
        List<String> researchCommand = stringList(context, RESEARCH_COMMAND, DEFAULT_RESEARCH_COMMAND);
        for (String arg : researchCommand) {
            if (!arg.equals(EXECUTION_ID_PLACEHOLDER) && INTRINSIC_RESERVED.matcher(arg).find()) {
                throw new ContextValueException(RESEARCH_COMMAND, arg,
                        "arguments without ' { } or \\ (only the whole argument " + EXECUTION_ID_PLACEHOLDER
                                + " is substituted)");
            }
        }
        String dataPrefix = optionalString(context, DATA_PREFIX).orElse(DEFAULT_DATA_PREFIX);
        if (dataPrefix.startsWith("/") || dataPrefix.equals("s3://") || dataPrefix.startsWith("s3:///")) {
            throw new ContextValueException(DATA_PREFIX, dataPrefix,
                    "a key prefix inside the zoo bucket (datasets/) or s3://bucket/prefix/");
        }
        int dataMaxAgeHours = positiveInt(context, DATA_MAX_AGE_HOURS, DEFAULT_DATA_MAX_AGE_HOURS);
        Optional<Path> lambdaJar = optionalString(context, LAMBDA_JAR).map(Path::of);
        Optional<Path> trainerImageDir = optionalString(context, TRAINER_IMAGE_DIR).map(Path::of);
        BucketLifecycle lifecycle = new BucketLifecycle(
                positiveInt(context, RUNS_EXPIRATION_DAYS, DEFAULT_RUNS_EXPIRATION_DAYS),
                positiveInt(context, CHECKPOINTS_EXPIRATION_DAYS, DEFAULT_CHECKPOINTS_EXPIRATION_DAYS),
                positiveInt(context, NONCURRENT_VERSION_EXPIRATION_DAYS, DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS));
        return new SaturdaySettings(saturdayCron, fridayCron, timeZone, schedulesEnabled,
                List.copyOf(instanceTypes), maxVcpus, alertEmail, mapMaxConcurrency, List.copyOf(researchCommand),
                dataPrefix, dataMaxAgeHours, lambdaJar, trainerImageDir, lifecycle, multiNode(context),
                TrainingFanOut.of(positiveInt(context, MAX_SPECS_PER_SATURDAY, TrainingFanOut.INLINE_MAX_SPECS)));
    }

    private static MultiNode multiNode(Function<String, Object> context) {
        List<String> types = instanceTypes(context, MULTI_NODE_INSTANCE_TYPES, DEFAULT_MULTI_NODE_INSTANCE_TYPES);
        int maxVcpus = positiveInt(context, MULTI_NODE_MAX_VCPUS, DEFAULT_MULTI_NODE_MAX_VCPUS);
        int nodeVcpus = positiveInt(context, NODE_VCPUS, DEFAULT_NODE_VCPUS);
        int nodeMemoryGib = positiveInt(context, NODE_MEMORY_GIB, DEFAULT_NODE_MEMORY_GIB);
        if (2 * nodeVcpus > maxVcpus) {
            throw new ContextValueException(MULTI_NODE_MAX_VCPUS, maxVcpus, "an integer >= 2 x " + NODE_VCPUS + " ("
                    + 2 * nodeVcpus + "), so that a job of two default nodes can start");
        }
        return new MultiNode(List.copyOf(types), maxVcpus, nodeVcpus, nodeMemoryGib);
    }

    private static List<String> instanceTypes(Function<String, Object> context, String key, List<String> fallback) {
        List<String> types = stringList(context, key, fallback);
        for (String type : types) {
            if (!INSTANCE_TYPE.matcher(type).matches()) {
                throw new ContextValueException(key, type,
                        "EC2 instance types or families such as m6i.large or c6i, comma-separated");
            }
        }
        return types;
    }

    /** The same settings with the datasets' location replaced (derived from the catalog when not set). */
    public SaturdaySettings withDataPrefix(String location) {
        return new SaturdaySettings(saturdayCron, fridayCron, scheduleTimeZone, schedulesEnabled,
                spotInstanceTypes, maxVcpus, alertEmail, mapMaxConcurrency, researchCommand, location,
                dataMaxAgeHours, lambdaJar, trainerImageDir, bucketLifecycle, multiNode, trainingFanOut);
    }

    public static SaturdaySettings fromMap(Map<String, ?> context) {
        return fromContext(context::get);
    }

    private static int positiveInt(Function<String, Object> context, String key, int fallback) {
        Object raw = context.apply(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Number number) {
            double value = number.doubleValue();
            if (value == Math.rint(value) && value >= 1 && value <= Integer.MAX_VALUE) {
                return (int) value;
            }
            throw new ContextValueException(key, raw, "an integer >= 1");
        }
        try {
            int value = Integer.parseInt(raw.toString().trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the key and the value
        }
        throw new ContextValueException(key, raw, "an integer >= 1");
    }

    private static boolean bool(Function<String, Object> context, String key, boolean fallback) {
        Object raw = context.apply(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ContextValueException(key, raw, "true or false");
        };
    }

    private static Optional<String> optionalString(Function<String, Object> context, String key) {
        Object raw = context.apply(key);
        if (raw == null || raw.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(raw.toString().trim());
    }

    private static String cron(Function<String, Object> context, String key, String fallback) {
        String value = optionalString(context, key).orElse(fallback);
        if (!CRON.matcher(value).matches()) {
            throw new ContextValueException(key, value,
                    "an EventBridge Scheduler cron expression with six fields, e.g. " + fallback);
        }
        return value;
    }

    private static String timeZone(Function<String, Object> context) {
        String value = optionalString(context, SCHEDULE_TIME_ZONE).orElse(DEFAULT_TIME_ZONE);
        try {
            ZoneId.of(value);
            return value;
        } catch (DateTimeException unknown) {
            throw new ContextValueException(SCHEDULE_TIME_ZONE, value, "an IANA time zone such as UTC or Europe/Paris");
        }
    }

    /** A list given as a JSON/CDK list, a JSON array string, or a comma-separated string. */
    private static List<String> stringList(Function<String, Object> context, String key, List<String> fallback) {
        Object raw = context.apply(key);
        if (raw == null) {
            return fallback;
        }
        List<String> values = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object item : list) {
                values.add(item == null ? "" : item.toString().trim());
            }
        } else {
            String text = raw.toString().trim();
            if (text.startsWith("[")) {
                try {
                    for (Object item : JSON.readValue(text, List.class)) {
                        values.add(item == null ? "" : item.toString().trim());
                    }
                } catch (JsonProcessingException notJson) {
                    throw new ContextValueException(key, raw, "a JSON array of strings or a comma-separated list");
                }
            } else {
                values.addAll(Arrays.stream(text.split(",")).map(String::trim).toList());
            }
        }
        if (values.isEmpty() || values.stream().anyMatch(String::isEmpty)) {
            throw new ContextValueException(key, raw, "a non-empty list without empty entries");
        }
        return values;
    }
}
