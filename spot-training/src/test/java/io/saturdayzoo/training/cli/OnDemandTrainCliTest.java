package io.saturdayzoo.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.events.LoggingEventPublisher;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.core.registry.RunOrigin;
import io.saturdayzoo.core.registry.WarmStart;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.training.data.SyntheticDatasets;
import io.saturdayzoo.training.run.TrainingProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train} asked for on demand: a chosen parent (warm start where the kind can), --set overrides, --dataset with
 * its digest, caller and allocation on record; against DynamoDB Local and s3proxy, LightGBM really trained.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnDemandTrainCliTest {
    private static final String TABLE = "zoo-registry";
    private static final String BUCKET = "zoo-bucket";
    private static final String DATA = "zoo-data";
    private static final Pattern TREE = Pattern.compile("(?m)^Tree=\\d+$");
    private static final String SPECS = """
            {"id":"churn-gbdt","kind":"lightgbm","label":"churn",
             "dataset":{"uri":"s3://zoo-data/datasets/churn/","time_column":"ts","target_column":"label"},
             "params":{"num_iterations":20,"num_leaves":15},"status":"active"},
            {"id":"churn-dart","kind":"lightgbm-dart","label":"churn-d",
             "dataset":{"uri":"s3://zoo-data/datasets/churn/","time_column":"ts","target_column":"label"},
             "params":{"num_iterations":8,"num_leaves":7},"status":"active"}""";

    private EmbeddedStores stores;
    private Path csv; // small: this class trains a dozen times
    private Map<String, String> env;
    private S3Client s3;
    private ModelRegistry registry;
    @TempDir
    Path dir;

    @BeforeAll
    void startStores() throws Exception {
        stores = EmbeddedStores.start(null);
        env = new HashMap<>(stores.env(TABLE, BUCKET));
        s3 = AwsClients.s3(env);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.createBucket(b -> b.bucket(DATA));
        RegistryTables.create(AwsClients.dynamoDb(env), TABLE);
        csv = SyntheticDatasets.writeCsv(Files.createTempFile("churn", ".csv"), SyntheticDatasets.Spec.of(8_000, 11));
        s3.putObject(b -> b.bucket(DATA).key("datasets/churn/part-0000.csv"), RequestBody.fromFile(csv));
        registry = new ModelRegistry(AwsClients.dynamoDb(env), TABLE, new ArtifactStore(s3, BUCKET),
                new LoggingEventPublisher());
        Path catalog = Files.createTempFile("catalog", ".json");
        Files.writeString(catalog, "{\"zoo\":\"saturday\",\"budget\":3,\"specs\":[" + SPECS + "]}");
        env.put("ZOO_CATALOG", catalog.toString());
    }

    @AfterAll
    void stopStores() throws Exception {
        stores.close();
        Files.deleteIfExists(csv);
    }

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return ZooJson.mapper().readTree(out);
        }
    }

    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--threads", "2", "--folds", "2"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainerCli.run(all.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), TrainingProgress.NONE);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private ModelVersion trainAndRegister(String spec, String execution, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--spec", spec, "--execution-id", execution));
        args.addAll(List.of(extra));
        Result r = cli(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return registry.register(registry.artifacts().readRunManifest(execution, spec).orElseThrow().toRegistration());
    }

    private long trees(ModelVersion v) {
        String model = new String(registry.artifacts().getBytes(v.artifactPrefix() + ArtifactStore.MODEL_FILE)
                .orElseThrow(), StandardCharsets.UTF_8);
        return TREE.matcher(model).results().count();
    }

    private JsonNode manifest(String execution, String spec) throws Exception {
        return ZooJson.mapper().readTree(registry.artifacts().getBytes(ArtifactStore.runPrefix(execution, spec)
                + ArtifactStore.MANIFEST_FILE).orElseThrow());
    }

    @Test
    void aWarmStartFromAChosenParentHoldsItsTreesAndRegistersAsItsChild() throws Exception {
        ModelVersion v1 = trainAndRegister("churn-gbdt", "sat-1");
        ModelVersion v2 = trainAndRegister("churn-gbdt", "sat-2", "--set", "num_leaves=7");
        assertThat(trees(v1)).isEqualTo(20);

        ModelVersion child = trainAndRegister("churn-gbdt", "od-1", "--parent", v1.versionId(),
                "--set", "num_iterations=6", "--set", "learning_rate=0.05", "--caller", "ana@example.com",
                "--allocation-id", "alloc-7");
        JsonNode manifest = manifest("od-1", "churn-gbdt");
        assertThat(manifest.get("parent_version").asText()).isEqualTo(v1.versionId());
        assertThat(manifest.get("warm_start").get("applied").asBoolean()).isTrue();
        assertThat(manifest.get("warm_start").has("reason")).isFalse();
        assertThat(manifest.get("caller").asText()).isEqualTo("ana@example.com");
        assertThat(manifest.get("allocation_id").asText()).isEqualTo("alloc-7");
        assertThat(manifest.get("params").get("num_iterations").asInt()).isEqualTo(6);
        assertThat(manifest.get("params").get("learning_rate").asDouble()).isEqualTo(0.05);

        assertThat(trees(child)).isEqualTo(trees(v1) + 6); // the parent's 20 trees, then 6 new ones
        assertThat(child.versionId()).isEqualTo("churn#v3"); // the label's next free number
        assertThat(child.parentVersionId()).isEqualTo(v1.versionId()).isNotEqualTo(v2.versionId());
        assertThat(child.origin()).isEqualTo(new RunOrigin("ana@example.com", "alloc-7",
                WarmStart.applied(v1.versionId())));
    }

    @Test
    void aKindThatCannotWarmStartTrainsFromScratchAndSaysWhy() throws Exception {
        ModelVersion parent = trainAndRegister("churn-dart", "dart-1");
        ModelVersion child = trainAndRegister("churn-dart", "dart-od", "--parent", parent.versionId(),
                "--caller", "cron");
        JsonNode warm = manifest("dart-od", "churn-dart").get("warm_start");
        assertThat(warm.get("from").asText()).isEqualTo(parent.versionId());
        assertThat(warm.get("applied").asBoolean()).isFalse();
        assertThat(warm.get("reason").asText()).contains("lightgbm-dart").contains("trains from scratch");
        assertThat(trees(child)).isEqualTo(8); // its own iterations only
        assertThat(child.parentVersionId()).isEqualTo(parent.versionId());
        assertThat(child.origin().warmStart().applied()).isFalse();
    }

    @Test
    void aDatasetOverrideIsReadAndItsDigestRecorded() throws Exception {
        byte[] bytes = Files.readAllBytes(csv);
        Path local = dir.resolve("churn-local.csv");
        Files.write(local, bytes);
        Result r = cli("train", "--spec", "churn-gbdt", "--execution-id", "ds-local", "--dataset", local.toString(),
                "--set", "num_iterations=5");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode dataset = manifest("ds-local", "churn-gbdt").get("dataset");
        assertThat(dataset.get("uri").asText()).isEqualTo(local.toString());
        assertThat(dataset.get("time_column").asText()).isEqualTo("ts");
        assertThat(dataset.get("digest").asText()).isEqualTo("sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));

        String key = "adhoc/churn.csv";
        s3.putObject(b -> b.bucket(DATA).key(key), RequestBody.fromBytes(bytes));
        String etag = s3.headObject(b -> b.bucket(DATA).key(key)).eTag().replace("\"", "");
        ModelVersion v = trainAndRegister("churn-gbdt", "ds-s3", "--dataset", "s3://" + DATA + "/" + key,
                "--set", "num_iterations=5");
        assertThat(v.datasetRef().uri()).isEqualTo("s3://" + DATA + "/" + key);
        assertThat(v.datasetRef().digest()).isEqualTo("etag:" + etag); // the bucket is not versioned
    }

    @Test
    void badOverridesAndParentsAreNamedAndNothingIsWritten() {
        stores.journal().clear();
        Map<String, Result> cases = new java.util.LinkedHashMap<>();
        cases.put("--set nope=1: unknown parameter for kind 'lightgbm'",
                cli("train", "--spec", "churn-gbdt", "--set", "nope=1"));
        cases.put("--set num_leaves=many: expected an integer, got 'many'",
                cli("train", "--spec", "churn-gbdt", "--set", "num_leaves=many"));
        cases.put("--set learning_rate=NaN: expected a finite number, got 'NaN'",
                cli("train", "--spec", "churn-gbdt", "--set", "learning_rate=NaN"));
        cases.put("--set objective=regression: unknown value 'regression' (expected binary)",
                cli("train", "--spec", "churn-gbdt", "--set", "objective=regression"));
        cases.put("--parent churn-v1: expected a version id like churn#v3, got 'churn-v1'",
                cli("train", "--spec", "churn-gbdt", "--parent", "churn-v1"));
        cases.put("--parent fraud#v1: a version of label 'fraud', but spec 'churn-gbdt' trains label 'churn'",
                cli("train", "--spec", "churn-gbdt", "--parent", "fraud#v1"));
        cases.put("--parent churn#v99: not registered",
                cli("train", "--spec", "churn-gbdt", "--parent", "churn#v99"));
        cases.forEach((expected, r) -> {
            assertThat(r.code()).as(expected + " / " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(expected).contains(expected);
        });
        assertThat(stores.journal().writes()).isEmpty();
    }
}
