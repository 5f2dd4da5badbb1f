package io.saturdayzoo.training;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.localstores.EmbeddedStores;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real registry for tests: DynamoDB Local and s3proxy, started once per test JVM (that takes seconds), and a fresh
 * table and bucket for each call of {@link #fresh()}, so tests stay independent.
 */
public final class TestRegistry {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedStores stores;

    private TestRegistry() {
    }

    private static synchronized EmbeddedStores stores() {
        if (stores == null) {
            EmbeddedStores started = EmbeddedStores.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            stores = started;
        }
        return stores;
    }

    /** A registry on a new table and bucket. */
    public static ModelRegistry fresh() {
        return ModelRegistry.fromEnv(freshEnv());
    }

    /** The environment (ZOO_TABLE, ZOO_BUCKET, endpoints) of a new table and bucket, both created. */
    public static Map<String, String> freshEnv() {
        int n = COUNTER.incrementAndGet();
        Map<String, String> env = stores().env("harness-registry-" + n, "harness-bucket-" + n);
        RegistryTables.create(AwsClients.dynamoDb(env), env.get("ZOO_TABLE"));
        new ArtifactStore(AwsClients.s3(env), env.get("ZOO_BUCKET")).createBucketIfMissing();
        return env;
    }
}
