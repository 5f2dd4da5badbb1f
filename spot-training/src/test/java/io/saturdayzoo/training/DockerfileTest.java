package io.saturdayzoo.training;

import io.github.metarank.lightgbm4j.LGBMBooster;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker has no daemon on build machines, so the image recipe is checked statically here; image/smoke.sh builds it
 * for real (as root) and runs the trainer's preflight inside it.
 */
class DockerfileTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    /** Libraries of Debian bookworm-slim itself: its libc, and what its apt links against. */
    private static final Set<String> BASE_PACKAGES = Set.of("libc6", "libgcc-s1", "libstdc++6");
    /** The Debian package that ships each shared library LightGBM's natives may ask for. */
    private static final Map<String, String> DEBIAN_PACKAGE_OF = Map.of(
            "libc.so.6", "libc6", "libm.so.6", "libc6", "libpthread.so.0", "libc6", "ld-linux-x86-64.so.2", "libc6",
            "libgcc_s.so.1", "libgcc-s1", "libstdc++.so.6", "libstdc++6", "libgomp.so.1", "libgomp1");

    private static List<String> instructions() throws Exception {
        String text = Files.readString(MODULE.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** The packages the image's apt-get installs, without their version pins. */
    private static List<String> installedPackages() throws Exception {
        String install = instructions().stream().filter(l -> l.startsWith("RUN ") && l.contains("apt-get install"))
                .findFirst().orElseThrow(() -> new AssertionError("the Dockerfile installs no Debian package"));
        assertThat(install).contains("apt-get update", "--no-install-recommends", "rm -rf /var/lib/apt/lists/*");
        String arguments = install.substring(install.indexOf("apt-get install") + "apt-get install".length())
                .split("&&")[0];
        return Pattern.compile("\\s+").splitAsStream(arguments.strip()).filter(a -> !a.startsWith("-"))
                .map(a -> a.replace("'", "").split("=")[0]).toList();
    }

    @Test
    void aDebianSlimBaseWithDebiansJre17() throws Exception {
        // smoke.sh rebuilds this base from Debian's archive and matches it by this very tag
        assertThat(instructions().get(0)).isEqualTo("FROM debian:bookworm-slim");
        assertThat(installedPackages()).contains("openjdk-17-jre-headless");
    }

    @Test
    void everyLibraryLightGbmsNativesNeedIsInTheBaseOrInstalled() throws Exception {
        List<String> needed = new ArrayList<>();
        for (String library : List.of("lib_lightgbm.so", "lib_lightgbm_swig.so")) {
            try (InputStream in = LGBMBooster.class.getResourceAsStream("/lightgbm4j/linux/x86_64/" + library)) {
                needed.addAll(neededLibraries(in.readAllBytes()));
            }
        }
        assertThat(needed).as("what readelf -d lists as NEEDED").contains("libgomp.so.1", "libstdc++.so.6");
        needed.remove("lib_lightgbm.so"); // the binding's own library, extracted beside it

        List<String> installed = installedPackages();
        assertThat(needed).allSatisfy(soname -> {
            assertThat(DEBIAN_PACKAGE_OF).as("a new native dependency: name its Debian package here and install it")
                    .containsKey(soname);
            assertThat(DEBIAN_PACKAGE_OF.get(soname)).as(soname).isIn(union(BASE_PACKAGES, installed));
        });
        assertThat(installed).contains("libgomp1");
    }

    @Test
    void runsAsTheFixedNonRootUser() throws Exception {
        List<String> lines = instructions();
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user).isEqualTo("USER 10001:10001");
        assertThat(lines).anyMatch(l -> l.contains("useradd") && l.contains("--uid 10001"));
        assertThat(lines.indexOf(user)).as("USER comes before ENTRYPOINT").isLessThan(
                lines.indexOf(lines.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow()));
    }

    @Test
    void keepsTheMemorySettingsTheBenchReads() throws Exception {
        String env = instructions().stream().filter(l -> l.startsWith("ENV ")).findFirst().orElseThrow();
        assertThat(env).contains("JAVA_TOOL_OPTIONS=\"-XX:+UseContainerSupport -XX:MaxRAMPercentage=75 "
                + "-XX:+UseSerialGC -Djava.io.tmpdir=/home/trainer\"", "HOME=/home/trainer");
        // bench/run.sh runs the job with the image's JVM options: sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p'
        List<String> options = Files.readString(MODULE.resolve("Dockerfile")).lines()
                .map(Pattern.compile(".*JAVA_TOOL_OPTIONS=\"([^\"]*)\".*")::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).toList();
        assertThat(options).singleElement().asString().contains("-XX:+UseSerialGC");
        // bench/run.sh: sed -n 's/.*MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' Dockerfile, and the same for the threshold
        assertThat(dockerfileValues("MALLOC_ARENA_MAX")).containsExactly("2");
        assertThat(dockerfileValues("MALLOC_MMAP_THRESHOLD_")).containsExactly("4194304");
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

    private static Set<String> union(Set<String> a, List<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * The DT_NEEDED entries of a 64-bit little-endian ELF shared object, as {@code readelf -d} lists them.
     * WHY by hand: no ELF reader is on the Maven mirror, and readelf is not on every build machine.
     */
    static List<String> neededLibraries(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).as("ELF magic").isEqualTo(0x464c457f);
        assertThat(elf[4]).as("64-bit").isEqualTo((byte) 2);
        int sectionTable = Math.toIntExact(b.getLong(0x28));
        int sectionSize = b.getShort(0x3a) & 0xffff;
        List<String> out = new ArrayList<>();
        for (int s = 0; s < (b.getShort(0x3c) & 0xffff); s++) {
            int section = sectionTable + s * sectionSize;
            if (b.getInt(section + 4) != 6) { // SHT_DYNAMIC
                continue;
            }
            int strings = Math.toIntExact(b.getLong(sectionTable + b.getInt(section + 0x28) * sectionSize + 0x18));
            int start = Math.toIntExact(b.getLong(section + 0x18));
            for (int e = start; e < start + b.getLong(section + 0x20) && b.getLong(e) != 0; e += 16) {
                if (b.getLong(e) == 1) { // DT_NEEDED: an offset into the linked string table
                    int name = strings + Math.toIntExact(b.getLong(e + 8));
                    int end = name;
                    while (elf[end] != 0) {
                        end++;
                    }
                    out.add(new String(elf, name, end - name, java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
        }
        return out;
    }

    /** What bench/run.sh's sed reads for a variable: the digits after every "NAME=" in the Dockerfile. */
    private static List<String> dockerfileValues(String name) throws Exception {
        return Files.readString(MODULE.resolve("Dockerfile")).lines()
                .map(Pattern.compile(".*" + name + "=([0-9]*).*")::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).toList();
    }
}
