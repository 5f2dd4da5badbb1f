package io.saturdayzoo.training.cli;

import io.saturdayzoo.core.aws.ZooEnv;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.events.LoggingEventPublisher;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.localstores.RequestJournal;
import io.saturdayzoo.training.TestData;
import io.saturdayzoo.training.data.SyntheticDatasets;
import io.saturdayzoo.training.run.TrainingProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against real engines (DynamoDB Local + s3proxy, in-process), with the server-side request journal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainerCliTest {
    private static final String TABLE = "zoo-registry";
    private static final String BUCKET = "zoo-bucket";
    private static final String DATA = "zoo-data";

    private EmbeddedStores stores;
    private Map<String, String> baseEnv;
    private S3Client s3;
    private ModelRegistry registry;
    @TempDir
    Path dir;

    @BeforeAll
    void startStores() throws Exception {
        stores = EmbeddedStores.start(null);
        baseEnv = ZooEnv.withStores(TABLE, BUCKET, stores.awsEnv());
        s3 = AwsClients.s3(baseEnv);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.createBucket(b -> b.bucket(DATA));
        RegistryTables.create(AwsClients.dynamoDb(baseEnv), TABLE);
        s3.putObject(b -> b.bucket(DATA).key("datasets/churn/part-0000.csv"), RequestBody.fromFile(TestData.csv()));
        Path drifting = Files.createTempFile("drift", ".csv");
        SyntheticDatasets.writeCsv(drifting, SyntheticDatasets.Spec.of(20_000, 7).withDrift(1.5));
        s3.putObject(b -> b.bucket(DATA).key("datasets/drift/part-0000.csv"), RequestBody.fromFile(drifting));
        Files.delete(drifting);
        s3.putObject(b -> b.bucket(DATA).key("datasets/empty/part-0000.csv"),
                RequestBody.fromString("ts,label,f0\n"));
        registry = new ModelRegistry(AwsClients.dynamoDb(baseEnv), TABLE, new ArtifactStore(s3, BUCKET),
                new LoggingEventPublisher());
    }

    @AfterAll
    void stopStores() {
        stores.close();
    }

    @BeforeEach
    void clearJournal() {
        stores.journal().clear();
    }

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return ZooJson.mapper().readTree(out);
        }
    }

    private static final String GOOD_SPECS = """
            {"id":"churn-gbdt","kind":"lightgbm","label":"churn",
             "dataset":{"uri":"s3://zoo-data/datasets/churn/","time_column":"ts","target_column":"label"},
             "params":{"objective":"binary","num_iterations":30,"num_leaves":15},"status":"active"},
            {"id":"drift-dart","kind":"lightgbm-dart","label":"drift",
             "dataset":{"uri":"s3://zoo-data/datasets/drift/","time_column":"ts","target_column":"label"},
             "params":{"num_iterations":15},"status":"active"}""";

    private Result cli(String specs, Map<String, String> extraEnv, String... args) throws Exception {
        return cli(specs, extraEnv, TrainingProgress.NONE, args);
    }

    private Result cli(String specs, Map<String, String> extraEnv, TrainingProgress progress, String... args)
            throws Exception {
        Path catalog = Files.createTempFile(dir, "catalog", ".json");
        Files.writeString(catalog, "{\"zoo\":\"saturday\",\"budget\":3,\"specs\":[" + specs + "]}");
        Map<String, String> env = new HashMap<>(baseEnv);
        env.put("ZOO_CATALOG", catalog.toString());
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainerCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), progress);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result cli(String... args) throws Exception {
        return cli(GOOD_SPECS, Map.of(), args);
    }

    private static String spec(String id, String kind, String uri, String target, String params) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"label\":\"" + id + "\",\"dataset\":{\"uri\":\""
                + uri + "\",\"time_column\":\"ts\",\"target_column\":\"" + target + "\"},\"params\":" + params
                + ",\"status\":\"active\"}";
    }

    @Test
    void trainWritesItsRunOutputsOnlyAndRegistrationHappensElsewhere() throws Exception {
        Result r = cli(GOOD_SPECS, Map.of(), "train", "--spec", "churn-gbdt", "--execution-id", "ex-train",
                "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("run_prefix").asText()).isEqualTo("runs/ex-train/churn-gbdt/");
        assertThat(r.json().get("label").asText()).isEqualTo("churn");
        assertThat(r.json().get("metrics").get("auc").asDouble()).isBetween(0.6, 0.95);
        assertThat(r.json().has("version_id")).isFalse();

        ArtifactStore store = registry.artifacts();
        assertThat(store.list("runs/ex-train/churn-gbdt/")).extracting(o -> o.key()).containsExactlyInAnyOrder(
                "runs/ex-train/churn-gbdt/model.txt", "runs/ex-train/churn-gbdt/manifest.json",
                "runs/ex-train/churn-gbdt/evaluation.json", "runs/ex-train/churn-gbdt/calibrator.json",
                "runs/ex-train/churn-gbdt/oof_predictions.json", "runs/ex-train/churn-gbdt/last_fold_model.txt",
                "runs/ex-train/churn-gbdt/last_fold.json");
        JsonNode manifest = ZooJson.mapper().readTree(store.getBytes("runs/ex-train/churn-gbdt/manifest.json")
                .orElseThrow());
        assertThat(manifest.get("rows").asInt()).isEqualTo(TestData.ROWS);
        assertThat(manifest.get("metrics").get("auc").asDouble()).isBetween(0.6, 0.95);
        assertThat(manifest.get("params").get("num_leaves").asInt()).isEqualTo(15);
        // The trainer's role may write runs/ and checkpoints/ only: not one request to the table, nothing under
        // models/ or archive/, no version registered.
        assertThat(stores.journal().entries()).noneMatch(e -> e.service().equals(RequestJournal.DYNAMODB));
        assertThat(stores.journal().writes()).isNotEmpty().allSatisfy(w -> assertThat(w.target())
                .containsAnyOf("/runs/ex-train/churn-gbdt/", "/checkpoints/"));
        assertThat(registry.registration("ex-train", "churn-gbdt")).isEmpty();

        // RegisterCandidates reads this manifest as core's RunManifest: what the trainer wrote is registrable.
        ModelVersion v = registry.register(store.readRunManifest("ex-train", "churn-gbdt").orElseThrow()
                .toRegistration());
        assertThat(v.lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
        assertThat(v.metrics()).containsKey("auc");
        assertThat(store.getBytes(v.artifactPrefix() + "model.txt")).isPresent();
    }

    @Test
    void aJobRetriedAfterItsRunWasWrittenWritesTheSameRunAgain() throws Exception {
        Result first = cli("train", "--spec", "churn-gbdt", "--execution-id", "ex-again", "--threads", "2");
        assertThat(first.code()).as(first.err()).isZero();
        Result again = cli("train", "--spec", "churn-gbdt", "--execution-id", "ex-again", "--threads", "2");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.json().get("metrics")).isEqualTo(first.json().get("metrics"));
        // model.txt, evaluation.json, manifest.json, calibrator.json, oof_predictions.json, last_fold_model.txt,
        // last_fold.json: once each
        assertThat(registry.artifacts().list("runs/ex-again/churn-gbdt/")).hasSize(7);
    }

    @Test
    void trainTellsAnInProcessCallerOfEveryFoldThenTheFinalModel() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        TrainingProgress progress = new TrainingProgress() {
            @Override
            public void onFold(String specId, int foldsDone, int foldCount) {
                heard.add(specId + " fold " + foldsDone + "/" + foldCount);
            }

            @Override
            public void onFinalModel(String specId) {
                heard.add(specId + " final model");
            }
        };
        Result r = cli(GOOD_SPECS, Map.of(), progress, "train", "--spec", "churn-gbdt", "--dry-run", "--threads", "2",
                "--folds", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(heard).containsExactly("churn-gbdt fold 1/3", "churn-gbdt fold 2/3", "churn-gbdt fold 3/3",
                "churn-gbdt final model");
    }

    @Test
    void dryRunTrainsButWritesNothingAndPricesTheRun() throws Exception {
        Result r = cli(GOOD_SPECS, Map.of("ZOO_INSTANCE_TYPE", "c6i.xlarge", "ZOO_PRICE_PER_HOUR", "0.17"),
                "train", "--spec", "churn-gbdt", "--dry-run", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("manifest").get("spec_id").asText()).isEqualTo("churn-gbdt");
        assertThat(json.get("manifest").get("metrics").get("auc").asDouble()).isGreaterThan(0.6);
        JsonNode cost = json.get("cost_estimate");
        assertThat(cost.get("instance_type").asText()).isEqualTo("c6i.xlarge");
        assertThat(cost.get("estimate_usd").asDouble())
                .isCloseTo(0.17 * cost.get("wall_seconds").asDouble() / 3600, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(stores.journal().writes()).isEmpty();
        assertThat(stores.journal().entries()).isNotEmpty(); // it did read the data from S3
    }

    @Test
    void preflightOnlyPassesWithReadOnlyCalls() throws Exception {
        Result r = cli("train", "--spec", "churn-gbdt", "--preflight-only");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.json().get("checks")).extracting(c -> c.get("name").asText()).containsExactly("config",
                "catalog", "spec", "native_library", "bucket", "table", "data_freshness", "data_readable");
        assertThat(r.json().get("checks").get(7).get("detail").asText())
                .isEqualTo("s3://zoo-data/datasets/churn/part-0000.csv: first 1024 bytes read");
        assertThat(stores.journal().entries()).isNotEmpty();
        assertThat(stores.journal().writes()).isEmpty();
    }

    @Test
    void preflightNamesEachFailedCheck() throws Exception {
        Result r = cli(GOOD_SPECS, Map.of("ZOO_BUCKET", "no-such-bucket", "ZOO_TABLE", "no-such-table"),
                "preflight", "--spec", "churn-gbdt");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bucket: bucket no-such-bucket does not exist")
                .contains("table: table no-such-table does not exist").doesNotContain("catalog:");
        assertThat(stores.journal().writes()).isEmpty();

        Result stale = cli(GOOD_SPECS, Map.of("ZOO_DATA_MAX_AGE_HOURS", "1"), "preflight", "--spec", "churn-gbdt");
        assertThat(stale.code()).as("fresh data passes").isZero();
        Result unknown = cli("preflight", "--spec", "nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("spec: spec 'nope' is not in the catalog");
    }

    @Test
    void preflightOfTheRotationsSpecsReportsEachAndNamesEveryFailedSpecOnItsOwnLine() throws Exception {
        // Failures a catalog check cannot see: data missing, and data listed but unreadable (an empty part file).
        String specs = GOOD_SPECS + "," + spec("x1", "lightgbm", "s3://zoo-data/datasets/missing/", "label", "{}")
                + "," + spec("x2", "lightgbm", "s3://zoo-data/datasets/empty-file/", "label", "{}");
        s3.putObject(b -> b.bucket(DATA).key("datasets/empty-file/part-0000.csv"), RequestBody.empty());
        stores.journal().clear();

        Result r = cli(specs, Map.of(), "preflight", "--spec-ids", "churn-gbdt,x1,drift-dart,x2",
                "--execution-id", "friday-1");

        assertThat(r.code()).isEqualTo(1);
        JsonNode report = r.json();
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.get("execution_id").asText()).isEqualTo("friday-1");
        assertThat(report.get("specs")).extracting(sp -> sp.get("spec_id").asText() + "=" + sp.get("ok").asBoolean())
                .containsExactly("churn-gbdt=true", "x1=false", "drift-dart=true", "x2=false");
        List<String> lines = r.err().strip().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("saturday-trainer: preflight failed: spec 'x1': data_freshness: ")
                .contains("s3://zoo-data/datasets/missing/");
        assertThat(lines.get(1)).isEqualTo("saturday-trainer: preflight failed: spec 'x2': data_readable: "
                + "s3://zoo-data/datasets/empty-file/part-0000.csv is empty");
        assertThat(lines.get(2)).isEqualTo("saturday-trainer: preflight failed for 2 of 4 specs: x1, x2");
        assertThat(stores.journal().entries()).isNotEmpty();
        assertThat(stores.journal().writes()).isEmpty();
    }

    @Test
    void preflightOfGoodSpecsPassesAndBadSpecIdsAreRejectedByOption() throws Exception {
        Result good = cli("preflight", "--spec-ids", "churn-gbdt,drift-dart", "--execution-id", "friday-2");
        assertThat(good.code()).as(good.err()).isZero();
        assertThat(good.json().get("ok").asBoolean()).isTrue();
        assertThat(good.json().get("specs")).allSatisfy(sp -> assertThat(sp.get("checks"))
                .extracting(c -> c.get("name").asText() + "=" + c.get("ok").asBoolean())
                .contains("spec=true", "native_library=true", "data_freshness=true", "data_readable=true"));
        assertThat(good.err()).isEmpty();

        Result empty = cli("preflight", "--spec-ids", "churn-gbdt,,drift-dart");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("--spec-ids: expected spec ids separated by ',', got 'churn-gbdt,,drift-dart'");
        Result both = cli("preflight", "--spec", "churn-gbdt", "--spec-ids", "drift-dart");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(stores.journal().writes()).isEmpty();
    }

    @Test
    void badInputExitsTwoWithOneLineNamingItAndWritesNothing() throws Exception {
        String churn = "s3://zoo-data/datasets/churn/";
        Map<String, Result> cases = new java.util.LinkedHashMap<>();
        cases.put("spec 'nope': not in the catalog", cli("train", "--spec", "nope", "--execution-id", "b1"));
        cases.put("spec 'x1': field 'kind': unknown value 'xgboost'", cli(spec("x1", "xgboost", churn, "label", "{}"),
                Map.of(), "train", "--spec", "x1", "--execution-id", "b2"));
        cases.put("spec 'x2': field 'params.num_leaves': must be a number, got string \"many\"", cli(spec("x2", "lightgbm", churn, "label", "{\"num_leaves\":\"many\"}"),
                Map.of(), "train", "--spec", "x2", "--execution-id", "b3"));
        cases.put("spec 'x3': field 'params.is_unbalance': expected true or false, got \"yes\" (string)",
                cli(spec("x3", "lightgbm", churn, "label", "{\"is_unbalance\":\"yes\"}"), Map.of(),
                        "train", "--spec", "x3", "--execution-id", "b4"));
        cases.put("dataset 's3://zoo-data/datasets/missing/' not found",
                cli(spec("x4", "lightgbm", "s3://zoo-data/datasets/missing/", "label", "{}"), Map.of(),
                        "train", "--spec", "x4", "--execution-id", "b5"));
        cases.put("dataset 's3://zoo-data/datasets/empty/' is empty",
                cli(spec("x5", "lightgbm", "s3://zoo-data/datasets/empty/", "label", "{}"), Map.of(),
                        "train", "--spec", "x5", "--execution-id", "b6"));
        cases.put("target_column 'churned' is not a column",
                cli(spec("x6", "lightgbm", churn, "churned", "{}"), Map.of(),
                        "train", "--spec", "x6", "--execution-id", "b7"));
        cases.put("Unknown option: '--fast'", cli("train", "--spec", "churn-gbdt", "--fast"));
        cases.put("ZOO_PRICE_PER_HOUR: expected a number of USD per hour, got 'cheap'",
                cli(GOOD_SPECS, Map.of("ZOO_PRICE_PER_HOUR", "cheap"), "train", "--spec", "churn-gbdt"));
        cases.forEach((expected, r) -> {
            assertThat(r.code()).as(expected + " / " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(expected).contains(expected);
            assertThat(r.err().strip().lines().filter(l -> l.startsWith("saturday-trainer")).count()).isEqualTo(1);
        });
        assertThat(stores.journal().writes()).isEmpty();
    }

    /** A generated table rewritten line by line (header = line 0), uploaded as one dataset part. */
    private void putDataset(String name, java.util.function.BiFunction<Integer, String, String> rewrite)
            throws Exception {
        Path source = SyntheticDatasets.writeCsv(dir.resolve(name + "-source.csv"), SyntheticDatasets.Spec.of(3_000, 5));
        List<String> lines = Files.readAllLines(source);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(rewrite.apply(i, lines.get(i))).append('\n');
        }
        s3.putObject(b -> b.bucket(DATA).key("datasets/" + name + "/part-0000.csv"), RequestBody.fromString(out.toString()));
    }

    /** Columns are ts,label,f0..: sets the label of line i. */
    private static String withLabel(int i, String line, int label) {
        String[] cells = line.split(",", 3);
        return i == 0 ? line : cells[0] + "," + label + "," + cells[2];
    }

    @Test
    void badDataExitsTwoNamingFileColumnAndRowBeforeAnyFoldTrainsAndWritesNothing() throws Exception {
        // the target column twice: the copy would train as a feature and score AUC 1.0
        putDataset("dup-label", (i, line) -> line + "," + (i == 0 ? "label" : line.split(",")[1]));
        putDataset("one-class", (i, line) -> withLabel(i, line, 0));
        putDataset("late-class", (i, line) -> i > 2_400 ? withLabel(i, line, 1) : line); // the last fold's test part
        putDataset("infinite", (i, line) -> i == 17 ? line.replaceFirst(",[^,]*$", ",Infinity") : line);
        putDataset("overflow", (i, line) -> i == 9 ? line.replaceFirst(",[^,]*$", ",1e39") : line);
        stores.journal().clear();
        String prefix = "dataset 's3://zoo-data/datasets/";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("dup-label", prefix + "dup-label/': file 'part-0000.csv': column 'label' appears twice "
                + "(positions 2 and 31)");
        cases.put("one-class", prefix + "one-class/': all 3000 rows have label 0: training needs both labels");
        cases.put("late-class", prefix + "late-class/': walk-forward fold 2's test rows (time block 5 of 5: rows "
                + "2401-3000 in time order) all have label 1");
        cases.put("infinite", prefix + "infinite/': file 'part-0000.csv': column 'f27' at data row 17: value "
                + "'Infinity' is not a finite number");
        cases.put("overflow", prefix + "overflow/': file 'part-0000.csv': column 'f27' at data row 9: value "
                + "'1e39' overflows a float");
        for (var c : cases.entrySet()) {
            List<String> folds = new CopyOnWriteArrayList<>();
            TrainingProgress progress = new TrainingProgress() {
                @Override
                public void onFold(String specId, int foldsDone, int foldCount) {
                    folds.add(specId + " " + foldsDone);
                }

                @Override
                public void onFinalModel(String specId) {
                    folds.add(specId + " final");
                }
            };
            String id = "bad-" + c.getKey();
            Result r = cli(spec(id, "lightgbm", "s3://zoo-data/datasets/" + c.getKey() + "/", "label",
                    "{\"num_iterations\":5}"), Map.of(), progress, "train", "--spec", id, "--execution-id", "ex-" + id);
            assertThat(r.code()).as(c.getKey() + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(c.getKey()).contains(c.getValue());
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(folds).as(c.getKey() + ": nothing trained").isEmpty();
        }
        assertThat(stores.journal().writes()).isEmpty();
    }

    @Test
    void idsThatAreNotSafeKeySegmentsAreRefusedBeforeAnythingIsRead() throws Exception {
        String[][] cases = {
                {"--execution-id", "../../x", "train", "--spec", "churn-gbdt", "--execution-id", "../../x"},
                {"--execution-id", "/", "train", "--spec", "churn-gbdt", "--execution-id", "/"},
                {"--execution-id", "''", "train", "--spec", "churn-gbdt", "--execution-id", ""},
                {"--execution-id", "..", "train", "--spec", "churn-gbdt", "--execution-id", "..", "--dry-run"},
                {"--execution-id", "a\\u000Ab", "train", "--spec", "churn-gbdt", "--execution-id", "a\nb"},
                {"--execution-id", "a\\u0000b", "train", "--spec", "churn-gbdt", "--execution-id", "a\u0000b"},
                {"--job-id", "../x", "train", "--spec", "churn-gbdt", "--execution-id", "ok", "--job-id", "../x"},
                {"--job-id", ".", "train", "--spec", "churn-gbdt", "--job-id", "."},
                {"--spec", "../../x", "train", "--spec", "../../x"},
                {"--spec", "a/b", "train", "--spec", "a/b", "--preflight-only"},
                {"--spec", "a\\u001Bb", "preflight", "--spec", "a\u001Bb"},
                {"--execution-id", "..", "research", "--execution-id", ".."},
                {"--execution-id", "../r", "research", "--execution-id", "../r"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 2, c.length);
            Result r = cli(args);
            String shown = String.join(" ", args);
            assertThat(r.code()).as(shown + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(shown).startsWith("saturday-trainer: " + c[0] + ": ").contains("got '" + c[1]
                    .replace("''", "") + "'");
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(stores.journal().entries()).as(shown + ": no request reached the stores").isEmpty();
        }
        Result fromEnv = cli(GOOD_SPECS, Map.of("AWS_BATCH_JOB_ID", "../../other-job"), "train", "--spec",
                "churn-gbdt", "--execution-id", "ex-env");
        assertThat(fromEnv.code()).as(fromEnv.err()).isEqualTo(2);
        assertThat(fromEnv.err()).contains("AWS_BATCH_JOB_ID").contains("got '../../other-job'");
        assertThat(stores.journal().entries()).isEmpty();
    }

    @Test
    void researchReportsImportanceAndDriftOfEachChampion() throws Exception {
        Result trained = cli("train", "--spec", "drift-dart", "--execution-id", "ex-research", "--threads", "2");
        assertThat(trained.code()).as(trained.err()).isZero();
        ModelVersion v = registry.register(registry.artifacts().readRunManifest("ex-research", "drift-dart")
                .orElseThrow().toRegistration());
        registry.promote(v.label(), v.versionNumber(), "ex-research");

        Result r = cli("research", "--execution-id", "r-1", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = ZooJson.mapper().readTree(registry.artifacts().getBytes("research/r-1/report.json")
                .orElseThrow());
        JsonNode drift = null;
        for (JsonNode c : report.get("champions")) {
            if (c.get("label").asText().equals("drift")) {
                drift = c;
            }
        }
        assertThat(drift).isNotNull();
        assertThat(drift.get("version_id").asText()).isEqualTo(v.versionId());
        // f8 and f9 are the features the generator shifts over time; the label signal lives in f0..f7, f20
        assertThat(drift.get("drifted_features")).extracting(JsonNode::asText).contains("f8", "f9")
                .doesNotContain("f0", "f1", "f2");
        List<String> top = new java.util.ArrayList<>();
        drift.get("importance_gain").fieldNames().forEachRemaining(top::add);
        assertThat(top.subList(0, 3)).containsAnyOf("f0", "f1", "f2");
    }
}
