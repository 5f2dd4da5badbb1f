package io.saturdayzoo.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.saturdayzoo.infra.config.AssetPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/cdk-app.sh, the command cdk.json runs, in a scratch checkout: when it builds, it builds infra with the modules
 * infra depends on in one reactor ({@code -pl infra -am}, so a fresh clone needs no {@code mvn install}), it rebuilds
 * after an edit of core as well as of infra, and it starts the app on the built classes. {@code mvn} and {@code java}
 * are recording stand-ins on the PATH: a real reactor build takes a minute, and what is under test is which build the
 * script asks for and when.
 */
class CdkAppScriptTest {

    @TempDir
    Path checkout;
    @TempDir
    Path bin;
    private Path calls;

    @BeforeEach
    void scratchCheckout() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path repository = AssetPaths.findRepositoryRoot(Path.of("")).orElseThrow();
        Files.createDirectories(checkout.resolve("infra/src/main/java"));
        Files.createDirectories(checkout.resolve("core/src/main/java"));
        Files.copy(repository.resolve("infra/cdk-app.sh"), checkout.resolve("infra/cdk-app.sh"));
        for (String file : List.of("cdk.json", "pom.xml", "infra/pom.xml", "core/pom.xml",
                "infra/src/main/java/App.java", "core/src/main/java/Catalog.java")) {
            Files.writeString(checkout.resolve(file), "", java.nio.file.StandardOpenOption.CREATE);
        }
        calls = bin.resolve("calls.log");
        // mvn "compiles": records how it was asked, then leaves what compile leaves behind for the script.
        stub("mvn", "echo \"mvn $* (in $PWD)\" >> '" + calls + "'\n"
                + "mkdir -p infra/target/classes\n"
                + "echo /m2/core.jar:/m2/aws-cdk-lib.jar > infra/target/runtime-classpath.txt\n");
        stub("java", "echo \"java $*\" >> '" + calls + "'\n");
    }

    @Test
    void buildsInfraWithItsModulesThenStartsTheAppOnTheBuiltClasses() throws Exception {
        assertThat(run("--app-argument")).isZero();

        assertThat(Files.readAllLines(calls)).containsExactly(
                "mvn -B -q -pl infra -am compile (in " + checkout.toAbsolutePath() + ")",
                "java -cp " + checkout.toAbsolutePath() + "/infra/target/classes:/m2/core.jar:/m2/aws-cdk-lib.jar "
                        + "io.saturdayzoo.infra.SaturdayApp --app-argument");
    }

    @Test
    void rebuildsOnlyAfterAnEditOfInfraOrCore() throws Exception {
        assertThat(run()).isZero();
        Files.delete(calls);
        age(checkout.resolve("infra/target/runtime-classpath.txt"));

        assertThat(run()).isZero();
        assertThat(Files.readAllLines(calls)).noneMatch(c -> c.startsWith("mvn"));

        Files.writeString(checkout.resolve("core/src/main/java/Catalog.java"), "// edited");
        assertThat(run()).isZero();
        assertThat(Files.readAllLines(calls)).filteredOn(c -> c.startsWith("mvn")).hasSize(1);
    }

    private int run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", checkout.resolve("infra/cdk-app.sh")
                .toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile())
                .redirectErrorStream(true).redirectOutput(bin.resolve("out.log").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        // A guard against a hung child, not a speed check.
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as(Files.readString(bin.resolve("out.log"))).isTrue();
        return process.exitValue();
    }

    private void stub(String name, String body) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/bash\n" + body);
        script.toFile().setExecutable(true);
    }

    /** Sources (files and folders) older than the build output, as after a build a while ago. */
    private void age(Path buildOutput) throws IOException {
        try (var files = Files.walk(checkout)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
            }
        }
        Files.setLastModifiedTime(buildOutput, FileTime.from(Instant.now().minusSeconds(60)));
    }
}
