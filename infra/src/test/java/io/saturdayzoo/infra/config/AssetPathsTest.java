package io.saturdayzoo.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetPathsTest {

    @TempDir
    Path repo;

    @Test
    void assetsResolveAgainstTheFolderHoldingCdkJsonNotTheWorkingDirectory() throws IOException {
        Files.writeString(repo.resolve("cdk.json"), "{}");
        Files.createDirectories(repo.resolve("lambdas/target"));
        Files.writeString(repo.resolve("lambdas/target/saturday-lambdas.jar"), "jar");
        Files.createDirectories(repo.resolve("spot-training"));
        Files.writeString(repo.resolve("spot-training/Dockerfile"), "FROM scratch");
        Path moduleDir = Files.createDirectories(repo.resolve("statemachine-tests"));

        AssetPaths paths = AssetPaths.resolve(SaturdaySettings.fromMap(Map.of()), moduleDir);

        assertThat(paths.lambdaJar()).isEqualTo(repo.resolve("lambdas/target/saturday-lambdas.jar").toAbsolutePath());
        assertThat(paths.trainerImageDir()).isEqualTo(repo.resolve("spot-training").toAbsolutePath());
    }

    @Test
    void aMissingLambdaJarFailsWithTheBuildCommand() throws IOException {
        Files.writeString(repo.resolve("cdk.json"), "{}");

        assertThatThrownBy(() -> AssetPaths.resolve(SaturdaySettings.fromMap(Map.of()), repo))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("lambdas/target/saturday-lambdas.jar")
                .hasMessageContaining("mvn -B package -DskipTests");
    }

    @Test
    void aTrainerFolderWithoutDockerfileIsNamed() {
        Map<String, Object> context = PlaceholderAssets.create(repo.resolve("assets"));
        Path empty = repo.resolve("empty");
        context.put(SaturdaySettings.TRAINER_IMAGE_DIR, empty.toString());

        assertThatThrownBy(() -> AssetPaths.resolve(SaturdaySettings.fromMap(context), repo))
                .hasMessageContaining("no Dockerfile in " + empty);
    }

    @Test
    void outsideTheCheckoutWithoutOverridesTheRootIsAskedFor() {
        assertThatThrownBy(() -> AssetPaths.resolve(SaturdaySettings.fromMap(Map.of()), repo))
                .hasMessageContaining("no cdk.json found")
                .hasMessageContaining("lambdaJar");
    }
}
