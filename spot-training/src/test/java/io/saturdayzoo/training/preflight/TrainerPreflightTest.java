package io.saturdayzoo.training.preflight;

import io.saturdayzoo.core.preflight.PreflightCheck;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.cli.TrainerCli;
import io.saturdayzoo.training.run.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The trainer's preflight where things are missing: the native library's dependency, AWS credentials, a reachable
 * endpoint. Each failed check must be one short line naming the check, with the full story in the log.
 */
class TrainerPreflightTest {
    /** A failed check's line (as the CLI prints it) stays readable on a console and in a Step Functions error. */
    private static final int MAX_LINE = 200;

    @TempDir
    Path dir;

    private Map<String, String> env() throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.json"), """
                {"zoo":"saturday","budget":1,"specs":[{"id":"a-spec","kind":"lightgbm","label":"a",
                 "dataset":{"uri":"s3://nowhere-data/datasets/a/","time_column":"ts","target_column":"label"},
                 "params":{"num_iterations":5},"status":"active"}]}""");
        Map<String, String> env = new HashMap<>();
        env.put("ZOO_TABLE", "nowhere-registry");
        env.put("ZOO_BUCKET", "nowhere-bucket");
        env.put("ZOO_CATALOG", catalog.toString());
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    @Test
    void nativeCheckFailsInOneLineWhereLibgompCannotBeLoaded() throws Exception {
        // An empty libgomp.so.1 first on the loader's path: lib_lightgbm.so cannot be loaded, as in an image without it
        Path libs = Files.createDirectories(dir.resolve("broken-libs"));
        Files.createFile(libs.resolve("libgomp.so.1"));
        Map<String, String> env = noCredentials();
        env.put("LD_LIBRARY_PATH", libs.toString());

        Child child = preflightInChildJvm(env);

        assertThat(child.code()).as(child.err()).isEqualTo(TrainerCli.FAILED);
        JsonNode check = check(child.json(), "native_library");
        assertThat(check.get("ok").asBoolean()).as(check.toString()).isFalse();
        String line = line(check);
        assertThat(line).contains("libgomp.so.1").hasSizeLessThan(MAX_LINE).doesNotContain("\n");
        assertThat(child.err()).contains("preflight failed:").contains(line);
    }

    @Test
    void withNoCredentialsEachFailedCheckIsOneShortLineAndTheNativeCheckPasses() throws Exception {
        Child child = preflightInChildJvm(noCredentials());

        assertThat(child.code()).as(child.err()).isEqualTo(TrainerCli.FAILED);
        JsonNode json = child.json();
        assertThat(check(json, "native_library").get("ok").asBoolean()).as(json.toString()).isTrue();
        assertThat(check(json, "native_library").get("detail").asText())
                .contains("LightGBM 4.3.0", "dataset of 8 rows");
        for (String name : List.of("bucket", "table", "data_freshness")) {
            JsonNode check = check(json, name);
            assertThat(check.get("ok").asBoolean()).as(name).isFalse();
            assertThat(line(check)).isEqualTo(name + ": no AWS credentials found");
            assertThat(child.err()).contains(line(check));
        }
        assertThat(failedLines(json)).hasSize(3).allSatisfy(l -> assertThat(l).hasSizeLessThan(MAX_LINE));
        assertThat(child.err()).as("the SDK's own account stays in the log")
                .contains("Unable to load credentials from any of the providers in the chain");
    }

    @Test
    void unreachableEndpointsAreOneShortLineNamingTheEndpoint() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> env = env();
        env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closed);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + closed);

        List<PreflightCheck> checks = new TrainerPreflight(env, new Trainer()).run("a-spec");

        assertThat(checks).filteredOn(c -> !c.ok()).extracting(PreflightCheck::name)
                .containsExactly("bucket", "table", "data_freshness");
        String endpoint = "http://127.0.0.1:" + closed;
        assertThat(checks).filteredOn(c -> !c.ok()).extracting(PreflightCheck::detail).containsExactly(
                "cannot reach S3 at " + endpoint + ": connection refused",
                "cannot reach DynamoDB at " + endpoint + ": connection refused",
                "cannot reach S3 at " + endpoint + ": connection refused");
    }

    @Test
    void aBadEndpointFailsItsChecksWithoutStoppingTheOthers() throws Exception {
        Map<String, String> env = env();
        env.put("AWS_ENDPOINT_URL_S3", "s3.example.com");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "dynamodb.example.com");

        List<PreflightCheck> checks = new TrainerPreflight(env, new Trainer()).run("a-spec");

        assertThat(checks).extracting(PreflightCheck::name, PreflightCheck::ok).containsExactly(
                tuple("config", true), tuple("catalog", true), tuple("spec", true), tuple("native_library", true),
                tuple("bucket", false), tuple("table", false), tuple("data_freshness", false));
        assertThat(checks).filteredOn(c -> !c.ok()).extracting(PreflightCheck::detail).containsExactly(
                "AWS_ENDPOINT_URL_S3: invalid endpoint URL 's3.example.com' (missing scheme or host)",
                "AWS_ENDPOINT_URL_DYNAMODB: invalid endpoint URL 'dynamodb.example.com' (missing scheme or host)",
                "AWS_ENDPOINT_URL_S3: invalid endpoint URL 's3.example.com' (missing scheme or host)");
    }

    /** The process env of a container with no role, no keys, no profile and no instance metadata to ask. */
    private Map<String, String> noCredentials() throws IOException {
        Map<String, String> env = env();
        env.put("HOME", dir.toString());
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    record Child(int code, String out, String err) {
        JsonNode json() throws IOException {
            return ZooJson.mapper().readTree(out);
        }
    }

    /** {@code saturday-trainer preflight} in a JVM of its own: the environment is the process's, as in the image. */
    private static Child preflightInChildJvm(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TrainerCli.class.getName(),
                "preflight", "--spec", "a-spec");
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("preflight finished").isTrue();
        return new Child(p.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode check(JsonNode result, String name) {
        return StreamSupport.stream(result.get("checks").spliterator(), false)
                .filter(c -> c.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static String line(JsonNode check) {
        return check.get("name").asText() + ": " + check.get("detail").asText();
    }

    private static List<String> failedLines(JsonNode result) {
        return StreamSupport.stream(result.get("checks").spliterator(), false)
                .filter(c -> !c.get("ok").asBoolean()).map(TrainerPreflightTest::line).toList();
    }
}
