package io.saturdayzoo.local;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.local.data.LocalDatasets;
import io.saturdayzoo.local.data.LocalWorld;
import io.saturdayzoo.localstores.EmbeddedStores;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What AWS would already have on a Saturday morning, on this machine: the registry table and the zoo bucket on
 * embedded DynamoDB Local + S3, checked to agree with each other, and every active spec's dataset in the bucket.
 * It needs no state machine definition, so it starts while the definition loads.
 */
public final class LocalStack implements AutoCloseable {
    public static final String TABLE = "saturday-zoo-registry";
    /** Zoo bucket when the catalog's datasets do not all live in one bucket. */
    public static final String DEFAULT_BUCKET = "saturday-zoo-local";

    private final EmbeddedStores stores;
    /** False on stores shared with others (started and closed by whoever shares them). */
    private final boolean ownsStores;
    private final ZooCatalog catalog;
    private final Map<String, String> env;
    private final ModelRegistry registry;
    private final LocalWorld world;
    private final List<LocalDatasets.Prepared> datasets;

    private LocalStack(EmbeddedStores stores, boolean ownsStores, String tableName, ZooCatalog catalog,
                       Map<String, String> catalogEnv, int rows, LocalWorld world, StartupPhases phases) {
        this.stores = stores;
        this.ownsStores = ownsStores;
        this.world = world;
        this.catalog = catalog;
        Map<String, String> full = new LinkedHashMap<>(ZooEnv.withStores(tableName, zooBucket(catalog), stores.awsEnv()));
        full.putAll(catalogEnv);
        this.env = Map.copyOf(full);
        ZooEnv zoo = ZooEnv.from(env);
        this.registry = ModelRegistry.fromEnv(env);
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(env); S3Client s3 = AwsClients.s3(env)) {
            // the table is DynamoDB's and the bucket S3's: each is readied (its client's first call included) while
            // the other is; on a kept data directory both exist, and one read of each says so
            Background<Void> table = Background.start("saturday-registry-table", () -> phases.time("table", () -> {
                if (!RegistryTables.exists(dynamo, tableName)) {
                    RegistryTables.create(dynamo, tableName);
                } else if (!ownsStores) {
                    throw new IllegalStateException(alreadyOnSharedStores("table " + tableName));
                }
                return null;
            }));
            phases.time("bucket", () -> {
                if (!ownsStores && registry.artifacts().bucketExists()) {
                    throw new IllegalStateException(alreadyOnSharedStores("bucket " + registry.artifacts().bucket()));
                }
                registry.artifacts().createBucketIfMissing();
                return null;
            });
            table.await();
            phases.time("versions check", () -> {
                refuseVersionsTheRegistryDoesNotKnow();
                return null;
            });
            this.datasets = phases.time("datasets", () -> new LocalDatasets(s3, rows,
                    Duration.ofHours(zoo.dataMaxAgeHours()), world).prepare(catalog, Instant.now()));
        }
    }

    /**
     * Starts the stores (under {@code dataDir}, or in memory when null), creates table and bucket when missing and
     * prepares the datasets.
     *
     * @param catalogFile the catalog instead of the bundled one (as ZOO_CATALOG does), or null
     * @param extraEnv    extra variables in every handler's and the trainer's environment
     * @param world       the local world's week (and drift) the datasets are generated for
     */
    public static LocalStack start(Path dataDir, Path catalogFile, Map<String, String> extraEnv, int rows,
                                   LocalWorld world) {
        return start(dataDir, catalogFile, extraEnv, rows, world, new StartupPhases());
    }

    /** As {@link #start(Path, Path, Map, int, LocalWorld)}, recording how long each step took into {@code phases}. */
    public static LocalStack start(Path dataDir, Path catalogFile, Map<String, String> extraEnv, int rows,
                                   LocalWorld world, StartupPhases phases) {
        Map<String, String> catalogEnv = withCatalog(extraEnv, catalogFile);
        ZooCatalog catalog = ZooCatalog.loadDefault(catalogEnv);
        EmbeddedStores stores = phases.time("stores start",
                () -> EmbeddedStores.start(dataDir == null ? null : dataDir.toAbsolutePath()));
        try {
            return new LocalStack(stores, true, TABLE, catalog, catalogEnv, rows, world, phases);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /**
     * As {@link #start(Path, Path, Map, int, LocalWorld, StartupPhases)}, on stores already running that
     * {@link #close()} leaves running: the registry in {@code table} and the data in the catalog's bucket, both
     * refused unless new on those stores, so that Saturdays sharing one pair of engines (test cases, which would
     * otherwise each start their own) never see each other's data.
     */
    public static LocalStack onSharedStores(EmbeddedStores stores, String table, Path catalogFile,
                                            Map<String, String> extraEnv, int rows, LocalWorld world,
                                            StartupPhases phases) {
        Map<String, String> catalogEnv = withCatalog(extraEnv, catalogFile);
        return new LocalStack(stores, false, table, ZooCatalog.loadDefault(catalogEnv), catalogEnv, rows, world, phases);
    }

    private static String alreadyOnSharedStores(String what) {
        return what + " already exists on the shared stores: each Saturday on them needs a table and a bucket of its own";
    }

    private static Map<String, String> withCatalog(Map<String, String> extraEnv, Path catalogFile) {
        Map<String, String> catalogEnv = new LinkedHashMap<>(extraEnv);
        if (catalogFile != null) {
            catalogEnv.put(ZooCatalog.ENV_OVERRIDE, catalogFile.toAbsolutePath().toString());
        }
        return catalogEnv;
    }

    public EmbeddedStores stores() {
        return stores;
    }

    public ZooCatalog catalog() {
        return catalog;
    }

    /** The environment every handler and the trainer see (table, bucket, endpoints, catalog override). */
    public Map<String, String> env() {
        return env;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public List<LocalDatasets.Prepared> datasets() {
        return datasets;
    }

    /** The week of the local world the datasets are of. */
    public LocalWorld world() {
        return world;
    }

    @Override
    public void close() {
        if (ownsStores) {
            stores.close();
        }
    }

    /**
     * The zoo bucket: the bucket the catalog's datasets live in when they share one (so preflight's freshness
     * check under ZOO_DATA_PREFIX sees the data, as in AWS where data lives in the zoo bucket), else a local default.
     */
    static String zooBucket(ZooCatalog catalog) {
        Set<String> buckets = new LinkedHashSet<>();
        for (ModelSpec spec : catalog.activeSpecs()) {
            if (spec.dataset().uri().startsWith("s3://")) {
                buckets.add(spec.dataset().bucket());
            }
        }
        return buckets.size() == 1 ? buckets.iterator().next() : DEFAULT_BUCKET;
    }

    /**
     * Versions in the bucket that the registry has no record of mean its database was deleted or replaced while the
     * bucket was kept: a run would allocate those numbers again (and a version's artifacts are never overwritten, so
     * its registration would fail after training). Refused before anything is written, saying what to do.
     */
    private void refuseVersionsTheRegistryDoesNotKnow() {
        List<String> unknown = new ArrayList<>();
        registry.artifacts().storedVersions().forEach((label, numbers) -> {
            Set<Integer> known = registry.versions(label).stream().map(ModelVersion::versionNumber)
                    .collect(Collectors.toSet());
            numbers.stream().filter(n -> !known.contains(n)).forEach(n -> unknown.add(ModelVersion.versionId(label, n)));
        });
        if (unknown.isEmpty()) {
            return;
        }
        Path dir = stores.dataDir();
        String where = dir == null ? "the stores" : dir.toString();
        throw new IllegalStateException("the bucket s3://" + registry.artifacts().bucket() + " in " + where
                + " holds model versions the registry does not know: " + String.join(", ", unknown)
                + " (under models/). The registry database was probably deleted or replaced while the bucket was kept."
                + " Restore the registry" + (dir == null ? "" : " (" + dir.resolve("dynamodb") + ")")
                + ", or start afresh by deleting the whole data directory" + (dir == null ? "" : " " + dir) + ".");
    }
}
