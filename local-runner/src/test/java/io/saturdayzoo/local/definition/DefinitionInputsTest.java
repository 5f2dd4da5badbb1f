package io.saturdayzoo.local.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/** The code fingerprint follows the class path as the JVM does, but only through the project's own jars. */
class DefinitionInputsTest {

    private static Path jar(Path file, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return file;
        }
    }

    @Test
    void aReleasedJarsOwnClassPathIsNotFollowedSoItsFolderIsNeverRead(@TempDir Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        // as DynamoDB Local ships: "." (its own folder) and a lib folder of its distribution
        jar(lib.resolve("DynamoDBLocal-2.6.1.jar"), ". DynamoDBLocal_lib/sqlite4java.jar");
        jar(lib.resolve("aws-cdk-lib-2.263.0.jar"), null);
        Path app = jar(dir.resolve("saturday.jar"), "lib/DynamoDBLocal-2.6.1.jar lib/aws-cdk-lib-2.263.0.jar");

        var before = DefinitionInputs.classPath(app.toString());
        Files.write(lib.resolve("aws-cdk-lib-2.263.0.jar"), new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(lib.resolve("notes.txt"), "not on the class path");

        assertThat(before).containsOnlyKeys("saturday.jar", "DynamoDBLocal-2.6.1.jar", "aws-cdk-lib-2.263.0.jar");
        var after = DefinitionInputs.classPath(app.toString());
        assertThat(after.get("saturday.jar")).isEqualTo(before.get("saturday.jar"));
        assertThat(after.get("DynamoDBLocal-2.6.1.jar")).isEqualTo(before.get("DynamoDBLocal-2.6.1.jar"));
        assertThat(after.get("aws-cdk-lib-2.263.0.jar")).as("a released jar changes its fingerprint with its size")
                .isNotEqualTo(before.get("aws-cdk-lib-2.263.0.jar"));
    }
}
