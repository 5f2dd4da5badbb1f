package io.saturdayzoo.local.definition;

import io.saturdayzoo.infra.SaturdayApp;
import io.saturdayzoo.infra.config.PlaceholderAssets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Saturday definition exactly as the CDK app deploys it: synthesized in-process (CDK runs node through jsii)
 * and read back from the template with readable resource names. Placeholder assets stand in for the Lambda jar
 * and trainer image, which only change asset hashes, never the definition.
 */
public final class SaturdayDefinitionSource {
    /** The name the local runner gives the Saturday state machine (executions, the definition cache). */
    public static final String SATURDAY = "SaturdayStateMachine";

    private SaturdayDefinitionSource() {
    }

    /**
     * Every state machine of the default app context by name: one synthesis yields them all, so a cache stores
     * each of them at once.
     */
    public static Map<String, String> synthesizeAll() {
        return Map.of(SATURDAY, synthesize());
    }

    /** The resolved ASL JSON of the default app context. */
    public static String synthesize() {
        return synthesize(Map.of());
    }

    /** The resolved ASL JSON with extra CDK context (keys of SaturdaySettings). */
    public static String synthesize(Map<String, Object> context) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("saturday-synth");
            Map<String, Object> full = new java.util.LinkedHashMap<>(PlaceholderAssets.create(scratch.resolve("assets")));
            full.putAll(context);
            return SaturdayApp.synthesize(full, scratch.resolve("cdk.out")).definition().json();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder for synthesis", e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
