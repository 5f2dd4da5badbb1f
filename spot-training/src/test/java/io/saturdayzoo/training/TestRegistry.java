package io.saturdayzoo.training;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.training.output.RunContext;
import io.saturdayzoo.training.output.RunPublisher;
import io.saturdayzoo.training.output.TrainerManifest;
import io.saturdayzoo.training.run.TrainedArtifact;

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

    /**
     * A trained run written as the trainer writes it (runs/{execution}/{spec}/) and registered from its manifest, as
     * RegisterCandidates does: the version a Saturday would register.
     */
    public static ModelVersion register(ModelRegistry registry, ModelSpec spec, TrainedArtifact artifact,
                                        RunContext run) {
        TrainerManifest manifest = new RunPublisher(registry.artifacts()).publish(spec, artifact, run);
        return registry.register(manifest.toRunManifest().toRegistration());
    }

    /** The environment (ZOO_TABLE, ZOO_BUCKET, endpoints) of a new table and bucket, both created. */
    public static Map<String, String> freshEnv() {
        int n = COUNTER.incrementAndGet();
        Map<String, String> env = ZooEnv.withStores("harness-registry-" + n, "harness-bucket-" + n, stores().awsEnv());
        RegistryTables.create(AwsClients.dynamoDb(env), env.get("ZOO_TABLE"));
        new ArtifactStore(AwsClients.s3(env), env.get("ZOO_BUCKET")).createBucketIfMissing();
        return env;
    }
}
