package io.saturdayzoo.lambdas.preflight;

import io.saturdayzoo.core.preflight.DataFreshness;
import io.saturdayzoo.core.preflight.PreflightCheck;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.CatalogException;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.events.LoggingEventPublisher;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.core.registry.StoredObject;
import io.saturdayzoo.lambdas.common.ImpatientDynamoDb;
import io.saturdayzoo.lambdas.common.TypedHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Preflight: is this environment fit to run a Saturday? Checks, in order: env (ZOO_TABLE, ZOO_BUCKET, numeric
 * settings), bucket (HeadBucket), table (DescribeTable and its key schema), catalog (loads and validates),
 * data_freshness (newest object under ZOO_DATA_PREFIX younger than ZOO_DATA_MAX_AGE_HOURS), champions (every
 * label's champion still has its model, manifest and evaluation under its artifact prefix). Read-only: it writes
 * nothing anywhere, so it can run on any Friday.
 * <p>In: {@link PreflightRequest}. Out: {@link PreflightReport}; when any check
 * fails, error "PreflightFailed" with one line per failed check (a failed AWS call is summed up in a few words
 * there; the SDK's full message goes to the log).
 */
public final class PreflightHandler extends TypedHandler<PreflightRequest, PreflightReport> {

    static final String ENV = "env";
    static final String BUCKET = "bucket";
    static final String TABLE = "table";
    static final String CATALOG = "catalog";
    static final String DATA_FRESHNESS = "data_freshness";
    static final String CHAMPIONS = "champions";

    private static final Logger LOG = LoggerFactory.getLogger(PreflightHandler.class);

    private final Map<String, String> env;
    private final Clock clock;
    private DynamoDbClient dynamo;
    private S3Client s3;

    public PreflightHandler() {
        this(System.getenv());
    }

    public PreflightHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** With a clock, so freshness can be judged at a chosen instant. */
    public PreflightHandler(Map<String, String> env, Clock clock) {
        // Nothing here may throw on a bad environment: reporting a bad environment is this handler's job.
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    protected PreflightReport answer(PreflightRequest request) {
        List<PreflightCheck> checks = run();
        if (checks.stream().anyMatch(c -> !c.ok())) {
            throw new PreflightFailed(checks);
        }
        return new PreflightReport(true, checks);
    }

    /** Runs every check; one failing never stops the others, so a single run reports everything to fix. */
    List<PreflightCheck> run() {
        List<PreflightCheck> checks = new ArrayList<>();
        Optional<ZooEnv> zoo = checkEnv(checks);
        String bucket = text(ZooEnv.BUCKET);
        String table = text(ZooEnv.TABLE);
        PreflightCheck bucketCheck = bucket == null ? PreflightCheck.fail(BUCKET, "not checked: " + ZooEnv.BUCKET + " is missing")
                : checkBucket(bucket);
        PreflightCheck tableCheck = table == null ? PreflightCheck.fail(TABLE, "not checked: " + ZooEnv.TABLE + " is missing")
                : checkTable(table);
        checks.add(bucketCheck);
        checks.add(tableCheck);
        checks.add(checkCatalog());
        checks.add(zoo.isEmpty() ? PreflightCheck.fail(DATA_FRESHNESS, "not checked: the environment is incomplete")
                : checkFreshness(zoo.get()));
        if (zoo.isEmpty()) {
            checks.add(PreflightCheck.fail(CHAMPIONS, "not checked: the environment is incomplete"));
        } else if (!bucketCheck.ok() || !tableCheck.ok()) {
            checks.add(PreflightCheck.fail(CHAMPIONS, "not checked: the bucket or the table is not usable"));
        } else {
            checks.add(checkChampions(zoo.get()));
        }
        return checks;
    }

    private Optional<ZooEnv> checkEnv(List<PreflightCheck> checks) {
        List<String> problems = new ArrayList<>();
        for (String name : List.of(ZooEnv.TABLE, ZooEnv.BUCKET)) {
            if (text(name) == null) {
                problems.add(name + " is missing");
            }
        }
        ZooEnv zoo = null;
        if (problems.isEmpty()) {
            try {
                zoo = ZooEnv.from(env);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        for (String endpoint : List.of(AwsClients.ENDPOINT_DYNAMODB, AwsClients.ENDPOINT_S3)) {
            String value = text(endpoint);
            if (value != null && !isUrl(value)) {
                problems.add(endpoint + ": invalid endpoint URL '" + value + "'");
            }
        }
        if (!problems.isEmpty()) {
            checks.add(PreflightCheck.fail(ENV, String.join("; ", problems)));
            return Optional.empty();
        }
        checks.add(PreflightCheck.pass(ENV, ZooEnv.TABLE + "=" + zoo.table() + ", " + ZooEnv.BUCKET + "=" + zoo.bucket()
                + ", " + ZooEnv.DATA_PREFIX + "=" + zoo.dataPrefix() + ", " + ZooEnv.DATA_MAX_AGE_HOURS + "="
                + zoo.dataMaxAgeHours()));
        return Optional.of(zoo);
    }

    private PreflightCheck checkBucket(String bucket) {
        try {
            return new ArtifactStore(s3(), bucket).bucketExists()
                    ? PreflightCheck.pass(BUCKET, "bucket '" + bucket + "' is reachable")
                    : PreflightCheck.fail(BUCKET, "bucket '" + bucket + "' does not exist");
        } catch (RuntimeException e) {
            return failed(BUCKET, "cannot reach bucket '" + bucket + "'", e);
        }
    }

    private PreflightCheck checkTable(String table) {
        try {
            TableDescription description = dynamo().describeTable(b -> b.tableName(table)).table();
            List<String> keys = description.keySchema().stream()
                    .map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList();
            List<String> expected = List.of(RegistryTables.PK + ":" + KeyType.HASH, RegistryTables.SK + ":" + KeyType.RANGE);
            if (!keys.equals(expected)) {
                return PreflightCheck.fail(TABLE, "table '" + table + "' has key schema " + keys + ", expected " + expected);
            }
            return PreflightCheck.pass(TABLE, "table '" + table + "' is " + description.tableStatusAsString());
        } catch (ResourceNotFoundException e) {
            return PreflightCheck.fail(TABLE, "table '" + table + "' does not exist");
        } catch (RuntimeException e) {
            return failed(TABLE, "cannot reach table '" + table + "'", e);
        }
    }

    private PreflightCheck checkCatalog() {
        try {
            ZooCatalog catalog = ZooCatalog.loadDefault(env);
            return PreflightCheck.pass(CATALOG, catalog.specs().size() + " specs (" + catalog.activeSpecs().size()
                    + " active) from " + catalog.source());
        } catch (CatalogException e) {
            return PreflightCheck.fail(CATALOG, e.getMessage().replace('\n', ' '));
        }
    }

    /** ZOO_DATA_PREFIX is a key prefix in ZOO_BUCKET, or a full s3://bucket/prefix when the data lives elsewhere. */
    private PreflightCheck checkFreshness(ZooEnv zoo) {
        String bucket = zoo.bucket();
        String prefix = zoo.dataPrefix();
        if (prefix.startsWith("s3://")) {
            URI uri = URI.create(prefix);
            bucket = uri.getHost();
            prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        }
        String where = "s3://" + bucket + "/" + prefix;
        try {
            Optional<StoredObject> newest = new ArtifactStore(s3(), bucket).newestObject(prefix);
            if (newest.isEmpty()) {
                return PreflightCheck.fail(DATA_FRESHNESS, "no data objects under " + where);
            }
            Instant modified = newest.get().lastModified();
            DataFreshness freshness = DataFreshness.of(modified, clock.instant(), zoo.dataMaxAgeHours());
            String detail = "newest object s3://" + bucket + "/" + newest.get().key() + " modified " + modified + " is "
                    + freshness.describe();
            return freshness.fresh() ? PreflightCheck.pass(DATA_FRESHNESS, detail)
                    : PreflightCheck.fail(DATA_FRESHNESS, "stale data: " + detail);
        } catch (RuntimeException e) {
            return failed(DATA_FRESHNESS, "cannot list " + where, e);
        }
    }

    /** A champion whose files are gone would fail research and any rollback to it; found here, before Saturday. */
    private PreflightCheck checkChampions(ZooEnv zoo) {
        try {
            ModelRegistry registry = new ModelRegistry(dynamo(), zoo.table(), new ArtifactStore(s3(), zoo.bucket()),
                    new LoggingEventPublisher());
            List<String> missing = new ArrayList<>();
            Map<String, ModelVersion> champions = registry.champions();
            for (ModelVersion champion : champions.values()) {
                List<String> absent = registry.artifacts().missingVersionFiles(champion.artifactPrefix());
                if (!absent.isEmpty()) {
                    missing.add(champion.versionId() + " has no " + String.join(", ", absent) + " under s3://"
                            + zoo.bucket() + "/" + champion.artifactPrefix());
                }
            }
            if (!missing.isEmpty()) {
                return PreflightCheck.fail(CHAMPIONS, String.join("; ", missing));
            }
            return PreflightCheck.pass(CHAMPIONS, champions.isEmpty() ? "no champion yet"
                    : champions.size() + " champions with " + String.join(", ", ArtifactStore.VERSION_FILES) + ": "
                    + champions.values().stream().map(ModelVersion::versionId).collect(Collectors.joining(", ")));
        } catch (RuntimeException e) {
            return failed(CHAMPIONS, "cannot read the champions", e);
        }
    }

    /** A check that failed on an exception: a short reason in the check, the whole exception in the log. */
    private static PreflightCheck failed(String check, String what, RuntimeException e) {
        LOG.warn("preflight check {}: {}", check, what, e);
        return PreflightCheck.fail(check, what + ": " + FailureSummary.of(e));
    }

    private synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = ImpatientDynamoDb.create(env, Duration.ofSeconds(3), Duration.ofSeconds(8), 2);
        }
        return dynamo;
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = AwsClients.s3(env);
        }
        return s3;
    }

    private String text(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static boolean isUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
