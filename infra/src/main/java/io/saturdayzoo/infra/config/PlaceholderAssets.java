package io.saturdayzoo.infra.config;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.saturdayzoo.infra.lambdas.ZooFunction;

/**
 * Stand-in assets for synthesizing when only the template or the definition matters (topology tests, reading the
 * definition before lambdas/ and spot-training/ are built): a jar whose entries name every handler class, and a
 * folder with a Dockerfile. Never deploy a stack synthesized with these: the jar holds no code.
 */
public final class PlaceholderAssets {

    /** The feature package each placeholder handler is put in (the real jar decides its own). */
    private static final long FIXED_ENTRY_TIME = 315_532_800_000L; // 1980-01-01, the zip format's epoch
    private static final String PLACEHOLDER_PACKAGE = "io/saturdayzoo/lambdas/placeholder/";

    private PlaceholderAssets() {
    }

    /** Writes the placeholders under {@code dir} and returns the context entries that point the app at them. */
    public static Map<String, Object> create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path jar = dir.resolve("placeholder-lambdas.jar");
            try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
                for (ZooFunction function : ZooFunction.values()) {
                    ZipEntry entry = new ZipEntry(PLACEHOLDER_PACKAGE + function.handlerClassSimpleName() + ".class");
                    // A fixed time: the same placeholders hash the same, so templates compare across synths.
                    entry.setTime(FIXED_ENTRY_TIME);
                    zip.putNextEntry(entry);
                    zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
                    zip.closeEntry();
                }
            }
            Path trainer = Files.createDirectories(dir.resolve("trainer-image"));
            Files.createDirectories(trainer.resolve("target"));
            Files.writeString(trainer.resolve("Dockerfile"), "FROM scratch\nCOPY target/saturday-trainer.jar /\n");
            Files.writeString(trainer.resolve("target/saturday-trainer.jar"), "placeholder");
            Map<String, Object> context = new LinkedHashMap<>();
            context.put(SaturdaySettings.LAMBDA_JAR, jar.toString());
            context.put(SaturdaySettings.TRAINER_IMAGE_DIR, trainer.toString());
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write placeholder assets under " + dir, e);
        }
    }
}
