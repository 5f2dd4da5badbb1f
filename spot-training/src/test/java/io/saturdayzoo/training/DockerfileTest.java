package io.saturdayzoo.training;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Docker has no daemon on build machines, so the image recipe is checked statically. */
class DockerfileTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    private static List<String> instructions() throws Exception {
        String text = Files.readString(MODULE.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void usesAJre17BaseAndRunsAsNonRootUser() throws Exception {
        List<String> lines = instructions();
        assertThat(lines.get(0)).matches("FROM eclipse-temurin:17-jre(@sha256:[0-9a-f]{64})?");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        String name = user.substring(5).split(":")[0].trim();
        assertThat(name).isNotIn("root", "0");
        assertThat(lines.indexOf(user)).as("USER comes before ENTRYPOINT").isLessThan(
                lines.indexOf(lines.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow()));
    }

    @Test
    void entrypointRunsTheShadedJarThatPackageProduces() throws Exception {
        List<String> lines = instructions();
        assertThat(lines).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/saturday-trainer.jar\"]");
        Matcher copy = Pattern.compile("COPY (\\S+) (\\S+)").matcher(lines.stream()
                .filter(l -> l.startsWith("COPY ")).findFirst().orElseThrow());
        assertThat(copy.matches()).isTrue();
        assertThat(copy.group(1)).isEqualTo("target/saturday-trainer.jar");
        assertThat(Files.readString(MODULE.resolve(".dockerignore"))).contains("!target/saturday-trainer.jar");
        Path jar = MODULE.resolve(copy.group(1));
        if (Files.exists(jar)) { // after `mvn package` (the jar is built after tests run in the same build)
            try (JarFile j = new JarFile(jar.toFile())) {
                assertThat(j.getManifest().getMainAttributes().getValue("Main-Class"))
                        .isEqualTo("io.saturdayzoo.training.cli.TrainerCli");
                assertThat(new String(j.getInputStream(j.getEntry(
                        "META-INF/services/io.saturdayzoo.training.kind.ModelKind")).readAllBytes()))
                        .contains("LightGbmKind", "LightGbmDartKind");
            }
        }
    }

    @Test
    void carriesNoSecrets() throws Exception {
        String text = Files.readString(MODULE.resolve("Dockerfile")).toUpperCase(Locale.ROOT);
        assertThat(text).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "PASSWORD",
                "TOKEN=", "SECRET=");
        assertThat(text).doesNotContainPattern("AKIA[0-9A-Z]{16}");
        assertThat(instructions()).noneMatch(l -> l.startsWith("ARG ") && l.toUpperCase(Locale.ROOT).contains("KEY"));
    }
}
