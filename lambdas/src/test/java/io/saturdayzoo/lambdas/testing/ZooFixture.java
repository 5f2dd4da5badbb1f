package io.saturdayzoo.lambdas.testing;

import io.saturdayzoo.core.aws.ZooEnv;
import com.fasterxml.jackson.core.type.TypeReference;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.events.RecordingEventPublisher;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh registry table, zoo bucket and test catalog per test, on the shared embedded stores. Tests receive it as
 * a parameter ({@code @ExtendWith(ZooFixture.Extension.class)}) and build handlers from {@link #env()}.
 */
public final class ZooFixture {

    /** Four active specs (two kinds) and one retired spec sharing label "alpha"; budget 2. */
    public static final String CATALOG = """
            {"zoo": "test", "budget": 2, "specs": [
              {"id": "alpha-gbdt", "kind": "lightgbm", "label": "alpha",
               "dataset": {"uri": "s3://test-data/datasets/alpha/", "time_column": "ts", "target_column": "y"},
               "params": {"num_leaves": 15, "learning_rate": 0.1}, "status": "active"},
              {"id": "beta-gbdt", "kind": "lightgbm", "label": "beta",
               "dataset": {"uri": "s3://test-data/datasets/beta/", "time_column": "ts", "target_column": "y"},
               "params": {"num_leaves": 31}, "status": "active"},
              {"id": "gamma-dart", "kind": "lightgbm-dart", "label": "gamma",
               "dataset": {"uri": "s3://test-data/datasets/gamma/", "time_column": "ts", "target_column": "y"},
               "params": {"drop_rate": 0.1}, "status": "active"},
              {"id": "delta-gbdt", "kind": "lightgbm", "label": "delta",
               "dataset": {"uri": "s3://test-data/datasets/delta/", "time_column": "ts", "target_column": "y"},
               "params": {}, "status": "active"},
              {"id": "alpha-legacy", "kind": "lightgbm", "label": "alpha",
               "dataset": {"uri": "s3://test-data/datasets/alpha-v1/", "time_column": "ts", "target_column": "y"},
               "params": {}, "status": "retired"}
            ]}
            """;

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final EmbeddedStores stores;
    private final String table;
    private final String bucket;
    private final Map<String, String> env;
    private final ModelRegistry registry;
    private final RecordingEventPublisher events = new RecordingEventPublisher();

    private ZooFixture(EmbeddedStores stores, Path catalogFile) {
        this.stores = stores;
        int n = COUNTER.incrementAndGet();
        this.table = "zoo-registry-" + n;
        this.bucket = "zoo-bucket-" + n;
        Map<String, String> env = new HashMap<>(ZooEnv.withStores(table, bucket, stores.awsEnv()));
        env.put("ZOO_CATALOG", catalogFile.toString());
        this.env = Map.copyOf(env);
        var dynamo = AwsClients.dynamoDb(this.env);
        RegistryTables.create(dynamo, table);
        ArtifactStore artifacts = new ArtifactStore(AwsClients.s3(this.env), bucket);
        artifacts.createBucketIfMissing();
        this.registry = new ModelRegistry(dynamo, table, artifacts, events);
    }

    /** Environment for the handlers: table, bucket, endpoints, region, dummy keys, ZOO_CATALOG. */
    public Map<String, String> env() {
        return env;
    }

    /** {@link #env()} with some variables replaced; a null value removes the variable. */
    public Map<String, String> envWith(String... keysAndValues) {
        Map<String, String> copy = new HashMap<>(env);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                copy.remove(keysAndValues[i]);
            } else {
                copy.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return copy;
    }

    public String table() {
        return table;
    }

    public String bucket() {
        return bucket;
    }

    public EmbeddedStores stores() {
        return stores;
    }

    /** A registry on the same table and bucket the handlers use, for arranging and inspecting state. */
    public ModelRegistry registry() {
        return registry;
    }

    public ArtifactStore artifacts() {
        return registry.artifacts();
    }

    /**
     * What the trainer leaves after training a spec: model.txt, evaluation.json and manifest.json under
     * runs/{executionId}/{specId}/.
     */
    public RunManifest writeRun(String executionId, String specId, String label, Map<String, Double> metrics,
                                Instant completedAt) {
        RunManifest manifest = new RunManifest(executionId, specId, label, "lightgbm", "job-" + specId,
                "abc1234", "sha256:0123", Map.of("num_leaves", 15), new DatasetRef(
                "s3://test-data/datasets/" + label + "/", "ts", "y"), metrics,
                completedAt.minus(Duration.ofMinutes(20)), completedAt, 0.12);
        String prefix = ArtifactStore.runPrefix(executionId, specId);
        artifacts().putBytes(prefix + ArtifactStore.MODEL_FILE,
                ("tree\nversion=v4\n# " + specId + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
        artifacts().putJson(prefix + ArtifactStore.EVALUATION_FILE, Map.of("holdout", metrics));
        artifacts().writeRunManifest(manifest);
        return manifest;
    }

    /** A run written and registered, as if an earlier Saturday trained it. */
    public ModelVersion registerRun(String executionId, String specId, String label, double auc, Instant completedAt) {
        return registry.register(writeRun(executionId, specId, label, Map.of("auc", auc), completedAt).toRegistration());
    }

    /** Parses a JSON event the way the Lambda runtime hands it to a handler. */
    public static Map<String, Object> event(String json) {
        try {
            return ZooJson.mapper().readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port nothing listens on: connections are refused at once. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> ids(Map<String, Object> rotationOutput) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> selected = (List<Map<String, Object>>) rotationOutput.get("selected");
        return selected.stream().map(s -> (String) s.get("spec_id")).toList();
    }

    /** Supplies a fresh {@link ZooFixture} to each test method that declares one. */
    public static final class Extension implements ParameterResolver, BeforeEachCallback {

        @Override
        public void beforeEach(ExtensionContext context) {
            SharedStores.get(context); // start early so the first test's timing is not special
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ZooFixture.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            try {
                Path dir = Files.createTempDirectory("zoo-lambdas-test");
                Path catalog = Files.writeString(dir.resolve("catalog.json"), CATALOG);
                dir.toFile().deleteOnExit();
                catalog.toFile().deleteOnExit();
                return new ZooFixture(SharedStores.get(context), catalog);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
