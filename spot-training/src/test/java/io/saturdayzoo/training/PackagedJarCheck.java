package io.saturdayzoo.training;

import io.saturdayzoo.core.aws.ZooEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.localstores.EmbeddedStores;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs after the shade step (package phase): the jar the Dockerfile copies exists and runs on its own. */
class PackagedJarCheck {
    private static final Path JAR = Path.of(System.getProperty("user.dir"), "target", "saturday-trainer.jar");

    private static Process java(Map<String, String> env, String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-jar";
        command[2] = JAR.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void shadedJarRunsTheCliWithItsPluginsAndExitCodes(@TempDir Path dir) throws Exception {
        assertThat(JAR).exists();
        Path catalog = Files.writeString(dir.resolve("catalog.json"), """
                {"zoo":"saturday","budget":1,"specs":[{"id":"a-spec","kind":"lightgbm","label":"a",
                 "dataset":{"uri":"s3://jar-data/datasets/a/","time_column":"ts","target_column":"label"},
                 "params":{"num_iterations":5},"status":"active"}]}""");
        try (EmbeddedStores stores = EmbeddedStores.start(null)) {
            Map<String, String> env = new HashMap<>(ZooEnv.withStores("jar-registry", "jar-bucket", stores.awsEnv()));
            env.put("ZOO_CATALOG", catalog.toString());
            S3Client s3 = AwsClients.s3(env);
            s3.createBucket(b -> b.bucket("jar-data"));
            s3.putObject(b -> b.bucket("jar-data").key("datasets/a/part-0.csv"), RequestBody.fromFile(TestData.csv()));
            check(env);
        }
    }

    private static void check(Map<String, String> env) throws Exception {
        Process help = java(env, "--help");
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor()).isZero();
        assertThat(out).contains("train", "preflight", "research");

        Process unknown = java(env, "train", "--spec", "nope", "--dry-run");
        String err = new String(unknown.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unknown.waitFor()).isEqualTo(2);
        assertThat(err).contains("spec 'nope': not in the catalog");

        Process dry = java(env, "train", "--spec", "a-spec", "--dry-run", "--threads", "2", "--folds", "2");
        String manifest = new String(dry.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String log = new String(dry.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dry.waitFor()).as(log).isZero();
        assertThat(manifest).contains("\"dry_run\" : true", "\"spec_id\" : \"a-spec\"", "\"auc\"");
        assertThat(log).contains("\"event\":\"training_complete\""); // JSON events on stderr, result on stdout
    }
}
