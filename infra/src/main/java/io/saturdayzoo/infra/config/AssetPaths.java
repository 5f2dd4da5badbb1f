package io.saturdayzoo.infra.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the two build outputs the stack ships live. Both are resolved against the repository root (the folder
 * holding cdk.json), never the working directory: tests run with their module folder as the working directory.
 */
public record AssetPaths(Path lambdaJar, Path trainerImageDir) {

    public static final String LAMBDA_JAR = "lambdas/target/saturday-lambdas.jar";
    public static final String TRAINER_IMAGE_DIR = "spot-training";
    private static final String BUILD_HINT = "build it first from the repository root: mvn -B package -DskipTests";

    /** Resolves the asset paths, preferring explicit context overrides, and fails early with a fix if absent. */
    public static AssetPaths resolve(SaturdaySettings settings, Path workingDirectory) {
        Optional<Path> root = findRepositoryRoot(workingDirectory);
        Path jar = settings.lambdaJar()
                .map(p -> absolute(p, workingDirectory))
                .orElseGet(() -> requireRoot(root, workingDirectory, SaturdaySettings.LAMBDA_JAR).resolve(LAMBDA_JAR));
        Path trainer = settings.trainerImageDir()
                .map(p -> absolute(p, workingDirectory))
                .orElseGet(() -> requireRoot(root, workingDirectory, SaturdaySettings.TRAINER_IMAGE_DIR)
                        .resolve(TRAINER_IMAGE_DIR));
        if (!Files.isRegularFile(jar)) {
            throw new ContextValueException("Lambda code not found at " + jar + ": " + BUILD_HINT
                    + " (or point context '" + SaturdaySettings.LAMBDA_JAR + "' at the shaded jar)");
        }
        if (!Files.isRegularFile(trainer.resolve("Dockerfile"))) {
            throw new ContextValueException("trainer image: no Dockerfile in " + trainer
                    + " (context '" + SaturdaySettings.TRAINER_IMAGE_DIR + "' names the folder that holds it)");
        }
        return new AssetPaths(jar.normalize(), trainer.normalize());
    }

    /** The nearest folder at or above {@code start} that holds cdk.json. */
    public static Optional<Path> findRepositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CdkJson.FILE))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Path absolute(Path path, Path workingDirectory) {
        return path.isAbsolute() ? path : workingDirectory.toAbsolutePath().resolve(path);
    }

    private static Path requireRoot(Optional<Path> root, Path workingDirectory, String overrideKey) {
        return root.orElseThrow(() -> new ContextValueException("no cdk.json found in " + workingDirectory.toAbsolutePath()
                + " or any parent folder: run from inside the saturday-zoo checkout or set context '" + overrideKey + "'"));
    }
}
