package io.saturdayzoo.training.distributed;

import io.saturdayzoo.core.aws.ZooEnv;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.jobs.TrainerJobs;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.localstores.RequestJournal;
import io.saturdayzoo.training.cli.TrainerCli;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.CsvDatasetReader;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.SyntheticDatasets;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.lightgbm.LightGbmKind;
import io.saturdayzoo.training.run.TrainingEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multi-node path as AWS Batch runs it, on this host: two trainer processes of one job (LocalNodes) train one
 * model over LightGBM's socket network, against s3proxy; a node lost midway fails the job cleanly and a new attempt
 * resumes from the main node's checkpoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeTrainingTest {
    private static final String BUCKET = "zoo-bucket";
    private static final String DATA = "zoo-data";
    private static final String SPEC = "wide-gbdt";
    private static final int ROWS = 16_000;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    private EmbeddedStores stores;
    private S3Client s3;
    private Map<String, String> env;
    private Dataset holdout;
    @TempDir
    Path dir;

    @BeforeAll
    void startStoresAndWriteData(@TempDir Path data) throws IOException {
        stores = EmbeddedStores.start(null);
        env = new HashMap<>(ZooEnv.withStores("zoo-registry", BUCKET, stores.awsEnv()));
        s3 = AwsClients.s3(env);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.createBucket(b -> b.bucket(DATA));
        SyntheticDatasets.Spec spec = SyntheticDatasets.Spec.of(ROWS, 11);
        Path train = SyntheticDatasets.writeCsv(data.resolve("train.csv"), spec);
        s3.putObject(b -> b.bucket(DATA).key("datasets/wide/part-0000.csv"), RequestBody.fromFile(train));
        // later rows of the same process, never trained on
        Path later = SyntheticDatasets.writeCsv(data.resolve("holdout.csv"), new SyntheticDatasets.Spec(8_000, 12,
                spec.startEpochSecond() + spec.days() * 86_400L, 365, 0.0));
        holdout = CsvDatasetReader.read(later, ColumnRoles.of("ts", "label"), 2);
        Path catalog = data.resolve("catalog.json");
        Files.writeString(catalog, """
                {"zoo": "t", "budget": 1, "specs": [{"id": "%s", "kind": "lightgbm", "label": "wide",
                  "dataset": {"uri": "s3://%s/datasets/wide/", "time_column": "ts", "target_column": "label"},
                  "params": {"num_iterations": 100, "num_leaves": 15, "learning_rate": 0.1},
                  "nodes": 2, "status": "active"}]}""".formatted(SPEC, DATA));
        env.put("ZOO_CATALOG", catalog.toString());
        env.put(NodeSetup.PEER_TIMEOUT_SECONDS, "5");
        env.put(NodeSetup.RENDEZVOUS_TIMEOUT_SECONDS, "30");
        // The test class path quiets the trainer's log to warnings; the node processes must still print their
        // events. The C1 compiler alone and the serial collector suit a short process on a shared 2-core host.
        env.put("JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.log." + TrainingEvents.LOGGER + "=info"
                + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    }

    @AfterAll
    void stopStores() {
        stores.close();
    }

    @BeforeEach
    void clearJournal() {
        stores.journal().clear();
    }

    private static List<String> train(String execution) {
        return List.of("train", "--spec", SPEC, "--execution-id", execution, "--threads", "1");
    }

    private LocalNodes start(String execution, String jobId) {
        Map<String, String> jobEnv = new HashMap<>(env);
        jobEnv.put("AWS_BATCH_JOB_ID", jobId);
        return LocalNodes.start(2, TrainerCli.class, train(execution), jobEnv);
    }

    private JsonNode json(String key) throws IOException {
        return ZooJson.mapper().readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
    }

    private String model(String execution) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("runs/" + execution + "/" + SPEC + "/model.txt"))
                .asUtf8String();
    }

    /** How many rows reached the first tree's root: every row the model was fit on, over all machines. */
    private static int rootCount(String model) {
        Matcher first = Pattern.compile("(?m)^internal_count=(\\d+)").matcher(model);
        assertThat(first.find()).as("a tree with a split").isTrue();
        return Integer.parseInt(first.group(1));
    }

    private double holdoutAuc(String execution) {
        try (FittedModel m = new LightGbmKind().load(model(execution))) {
            return BinaryMetrics.auc(holdout.all().labels(), m.predict(holdout.all()));
        }
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(o -> o.key()).toList();
    }

    private long puts(String prefix) {
        return stores.journal().successfulWrites().stream()
                .filter(w -> w.service().equals(RequestJournal.S3) && w.target().contains("/" + BUCKET + "/" + prefix))
                .count();
    }

    @Test
    void twoNodesTrainOneModelAsGoodAsOneMachineAndOnlyTheMainNodeWrites() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int alone = TrainerCli.run(train("alone").toArray(String[]::new), env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(alone).as(err.toString(StandardCharsets.UTF_8)).isZero();

        stores.journal().clear();
        LocalNodes.Result two;
        try (LocalNodes job = start("two", "job-two")) {
            two = job.await(JOB_TIMEOUT);
        }
        assertThat(two.exitCode()).as(two.err()).isZero();

        double aloneAuc = holdoutAuc("alone");
        double twoAuc = holdoutAuc("two");
        assertThat(aloneAuc).isBetween(0.65, 0.95);
        assertThat(twoAuc).isCloseTo(aloneAuc, org.assertj.core.data.Offset.offset(0.005));
        // one model grown from both nodes' histograms: its trees saw every row, not one node's half
        assertThat(rootCount(model("two"))).isEqualTo(rootCount(model("alone"))).isEqualTo(ROWS);

        // The main node speaks for the whole table: every row, each fold's rows and windows as one machine cut them.
        JsonNode manifest = json("runs/two/" + SPEC + "/manifest.json");
        assertThat(manifest.get("rows").asInt()).isEqualTo(ROWS);
        assertThat(manifest.get("nodes").asInt()).isEqualTo(2);
        JsonNode twoFolds = json("runs/two/" + SPEC + "/evaluation.json").get("folds");
        JsonNode aloneFolds = json("runs/alone/" + SPEC + "/evaluation.json").get("folds");
        assertThat(twoFolds).hasSize(3);
        for (int k = 0; k < 3; k++) {
            for (String field : List.of("train_rows", "train_from", "train_to", "test_from", "test_to")) {
                assertThat(twoFolds.get(k).get(field)).as("fold %d %s", k, field).isEqualTo(aloneFolds.get(k).get(field));
            }
            assertThat(twoFolds.get(k).at("/test/rows")).isEqualTo(aloneFolds.get(k).at("/test/rows"));
        }
        // Only the main node wrote: each run file once, each checkpoint once, as many as one process writes.
        assertThat(puts("runs/two/")).isEqualTo(keys("runs/alone/").size()).isGreaterThanOrEqualTo(3);
        assertThat(puts("checkpoints/job-two/")).isEqualTo(keys("checkpoints/alone-" + SPEC + "/").size())
                .isGreaterThanOrEqualTo(4);
        assertThat(stores.journal().successfulWrites()).allSatisfy(w -> assertThat(w.target())
                .containsAnyOf("/runs/two/", "/checkpoints/job-two/"));
    }

    @Test
    void aNodeLostMidwayFailsTheJobWithNothingWrittenAndTheNextAttemptResumes() throws Exception {
        LocalNodes.Result lost;
        try (LocalNodes job = start("lost", "job-lost")) {
            assertThat(job.awaitErrLine(0, line -> line.contains("\"fold_complete\""), JOB_TIMEOUT)).isTrue();
            job.process(1).destroyForcibly(); // SIGKILL: the node's host is gone
            long killed = System.nanoTime();
            lost = job.await(JOB_TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(lost.exitCode()).as(lost.err()).isEqualTo(TrainerJobs.EXIT_NODE_LOST);
        assertThat(lost.err()).contains("node 1 of 2");
        assertThat(keys("runs/lost/")).isEmpty();
        assertThat(keys("checkpoints/job-lost/")).contains("checkpoints/job-lost/" + SPEC + "/fold-0.json");

        // Batch's retry: the same job id, every node anew; fold 0 comes from the checkpoint.
        LocalNodes.Result retry;
        try (LocalNodes job = start("lost", "job-lost")) {
            retry = job.await(JOB_TIMEOUT);
        }
        assertThat(retry.exitCode()).as(retry.err()).isZero();
        assertThat(retry.err()).contains("\"resumed_from_checkpoint\":true");
        assertThat(keys("runs/lost/")).contains("runs/lost/" + SPEC + "/manifest.json");
    }

    @Test
    void aNodeThatStopsAnsweringIsLostAfterThePeerTimeout() throws Exception {
        LocalNodes.Result stuck;
        try (LocalNodes job = start("stuck", "job-stuck")) {
            assertThat(job.awaitErrLine(0, line -> line.contains("\"training_started\""), JOB_TIMEOUT)).isTrue();
            // SIGSTOP: the process stays, its sockets stay open, it says nothing more (a hung or cut-off host)
            new ProcessBuilder("kill", "-STOP", Long.toString(job.process(1).pid())).start().waitFor();
            stuck = job.await(JOB_TIMEOUT);
        }
        assertThat(stuck.exitCode()).as(stuck.err()).isEqualTo(TrainerJobs.EXIT_NODE_LOST);
        assertThat(stuck.err()).contains("node 1 of 2 sent nothing for 5 s");
        assertThat(keys("runs/stuck/")).isEmpty();
    }

    @Test
    void aNodeThatNeverComesFailsTheRendezvousInTime() throws Exception {
        Map<String, String> alone = new HashMap<>(env);
        alone.putAll(LocalNodes.nodeEnvironment(2, 0, "0"));
        try (ServerSocket probe = new ServerSocket(0)) {
            alone.put(NodeSetup.RENDEZVOUS_PORT, Integer.toString(probe.getLocalPort()));
        }
        alone.put(NodeSetup.RENDEZVOUS_TIMEOUT_SECONDS, "2");
        alone.put("AWS_BATCH_JOB_ID", "job-alone");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainerCli.run(train("alone-main").toArray(String[]::new), alone,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(TrainerJobs.EXIT_NODE_LOST);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("node(s) [1] did not check in within 2 s");
        assertThat(keys("runs/alone-main/")).isEmpty();
        assertThat(stores.journal().writes()).isEmpty();
    }
}
