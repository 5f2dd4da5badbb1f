package io.saturdayzoo.local.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive key and fallback rules of local-runner/class-data-sharing.sh (which ./saturday sources), run in bash
 * against a stand-in jar, lib/ folder and JDK: which options a start gets, when an archive is written, kept or dropped.
 */
class ClassDataSharingScriptTest {
    private static final Path SCRIPT = Path.of("class-data-sharing.sh").toAbsolutePath();

    @TempDir
    Path tmp;
    private Path jar;
    private Path java;
    private Path archives;

    @BeforeEach
    void layout() throws IOException {
        jar = tmp.resolve("target/saturday.jar");
        Files.createDirectories(jar.resolveSibling("lib"));
        Files.writeString(jar, "runner");
        Files.writeString(jar.resolveSibling("lib").resolve("DynamoDBLocal.jar"), "engine");
        Path jdk = tmp.resolve("jdk");
        Files.createDirectories(jdk.resolve("lib/server"));
        Files.writeString(jdk.resolve("lib/server/libjvm.so"), "vm 17.0.15");
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"");
        java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        archives = tmp.resolve("class-data");
    }

    @Test
    void aRunWithoutAnArchiveWritesOneUnderTheKeyAndOtherCommandsDoNot() throws Exception {
        String key = key();
        assertThat(options("run", "--local")).singleElement().asString()
                .matches("-XX:ArchiveClassesAtExit=" + archives + "/saturday-" + key + "\\.jsa\\.\\d+\\.tmp");
        assertThat(options("--version")).isEmpty();
        assertThat(options("leaderboard")).isEmpty();
    }

    @Test
    void anArchiveOfTheKeyIsMappedWithSharingOnlyWhereTheJvmAcceptsIt() throws Exception {
        Path archive = Files.createDirectories(archives).resolve("saturday-" + key() + ".jsa");
        Files.writeString(archive, "archive");
        assertThat(options("run", "--local")).containsExactly("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        assertThat(options("leaderboard")).containsExactly("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
    }

    @Test
    void theKeyChangesWithTheJarALibFileOrTheJvmAndAnOlderArchiveIsRemovedWhenTheNewOneIsWritten() throws Exception {
        String first = key();
        Path old = Files.createDirectories(archives).resolve("saturday-" + first + ".jsa");
        Files.writeString(old, "archive");

        touch(jar.resolveSibling("lib").resolve("DynamoDBLocal.jar"));
        String afterLib = key();
        touch(jar);
        String afterJar = key();
        // a JDK update: a new library, written later (a write within the same second at the same size would not show)
        Files.writeString(tmp.resolve("jdk/lib/server/libjvm.so"), "vm 17.0.16");
        touch(tmp.resolve("jdk/lib/server/libjvm.so"));
        String afterJvm = key();
        assertThat(List.of(first, afterLib, afterJar, afterJvm)).doesNotHaveDuplicates();

        assertThat(options("run", "--local")).singleElement().asString()
                .startsWith("-XX:ArchiveClassesAtExit=" + archives + "/saturday-" + afterJvm + ".jsa.");
        assertThat(old).doesNotExist();
    }

    @Test
    void offOrAFolderThatCannotBeCreatedMeansNoArchiveAndNoFailure() throws Exception {
        assertThat(bash("SATURDAY_CLASS_DATA=off", "class_data_options \"$JAR\" \"$JAVA\" \"$DIR\" run; "
                + "echo \"${#CLASS_DATA_OPTIONS[@]}:$CLASS_DATA_WRITING\"")).isEqualTo("0:");
        Files.writeString(tmp.resolve("a-file"), "not a folder");
        assertThat(bash("SATURDAY_CLASS_DATA_DIR=" + tmp.resolve("a-file/class-data"),
                "class_data_options \"$JAR\" \"$JAVA\" \"$DIR\" run; echo \"${#CLASS_DATA_OPTIONS[@]}:$CLASS_DATA_WRITING\""))
                .isEqualTo("0:");
    }

    @Test
    void theWrittenArchiveIsKeptOnlyAfterASucceededRunAndAnAcceptingMap() throws Exception {
        Files.createDirectories(archives);
        Path written = archives.resolve("saturday-k.jsa.42.tmp");
        Path kept = archives.resolve("saturday-k.jsa");
        String keep = "CLASS_DATA_WRITING=" + written + "; class_data_keep %d \"$JAR\" %s";

        Files.writeString(written, "archive");
        bash("", keep.formatted(1, "\"$JAVA\""));
        assertThat(written).doesNotExist();
        assertThat(kept).doesNotExist();

        Files.writeString(written, "archive");
        bash("", keep.formatted(0, "false"));   // the JVM refused to map it
        assertThat(written).doesNotExist();
        assertThat(kept).doesNotExist();

        Files.writeString(written, "archive");
        bash("", keep.formatted(0, "\"$JAVA\""));
        assertThat(written).doesNotExist();
        assertThat(kept).hasContent("archive");
    }

    @Test
    void theRealJvmRefusesAnArchiveThatIsNotOneSoItIsNeverKept() throws Exception {
        Files.createDirectories(archives);
        Path written = archives.resolve("saturday-k.jsa.7.tmp");
        Files.writeString(written, "not an archive");
        String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        bash("", "CLASS_DATA_WRITING=" + written + "; class_data_keep 0 \"$JAR\" " + realJava);
        try (Stream<Path> left = Files.list(archives)) {
            assertThat(left).isEmpty();
        }
    }

    private String key() throws Exception {
        return bash("", "class_data_key \"$JAR\" \"$JAVA\"");
    }

    /** The options a start with these CLI arguments gets, one per line, without the log switches. */
    private List<String> options(String... cliArgs) throws Exception {
        String out = bash("", "class_data_options \"$JAR\" \"$JAVA\" \"$DIR\" " + String.join(" ", cliArgs)
                + "; printf '%s\\n' \"${CLASS_DATA_OPTIONS[@]}\"");
        return out.lines().filter(line -> !line.isEmpty() && !line.startsWith("-Xlog:")).toList();
    }

    private String bash(String assignment, String commands) throws Exception {
        String script = "set -euo pipefail; " + (assignment.isEmpty() ? "" : "export " + assignment + "; ")
                + ". " + SCRIPT + "; " + commands;
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("SATURDAY_CLASS_DATA");
        env.remove("SATURDAY_CLASS_DATA_DIR");
        env.put("JAR", jar.toString());
        env.put("JAVA", java.toString());
        env.put("DIR", archives.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
    }
}
