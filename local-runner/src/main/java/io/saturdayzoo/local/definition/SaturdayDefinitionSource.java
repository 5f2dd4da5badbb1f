package io.saturdayzoo.local.definition;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.infra.SaturdayApp;
import io.saturdayzoo.infra.SynthesizedSaturday;
import io.saturdayzoo.infra.config.PlaceholderAssets;
import io.saturdayzoo.infra.definition.DefinitionDocument;
import io.saturdayzoo.infra.statemachine.TrainModelVersionDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Saturday definition exactly as the CDK app deploys it: synthesized in-process (CDK runs node through jsii)
 * and read back from the template with readable resource names. Placeholder assets stand in for the Lambda jar
 * and trainer image, which only change asset hashes, never the definition.
 */
public final class SaturdayDefinitionSource {
    /** The name the local runner gives the Saturday state machine (executions, the definition cache). */
    public static final String SATURDAY = "SaturdayStateMachine";
    /** The on-demand training state machine, by the name the stack gives it. */
    public static final String TRAIN_MODEL_VERSION = TrainModelVersionDefinition.NAME;

    private SaturdayDefinitionSource() {
    }

    /**
     * Every state machine of the default app context by name: one synthesis yields them all, so a cache stores
     * each of them at once.
     */
    public static Map<String, String> synthesizeAll() {
        return synthesizeAll(Map.of());
    }

    /** Every state machine's resolved ASL JSON with extra CDK context, from one synthesis. */
    public static Map<String, String> synthesizeAll(Map<String, Object> context) {
        return inScratch(context, synthesized -> {
            try {
                return Map.of(SATURDAY, synthesized.definition().json(), TRAIN_MODEL_VERSION, DefinitionDocument
                        .fromTemplateTree(new ObjectMapper().readTree(synthesized.templateJson()), TRAIN_MODEL_VERSION)
                        .json());
            } catch (IOException e) {
                throw new UncheckedIOException("the synthesized template is not JSON", e);
            }
        });
    }

    /** The resolved ASL JSON of the default app context. */
    public static String synthesize() {
        return synthesize(Map.of());
    }

    /** The resolved ASL JSON with extra CDK context (keys of SaturdaySettings). */
    public static String synthesize(Map<String, Object> context) {
        return inScratch(context, synthesized -> synthesized.definition().json());
    }

    private static <T> T inScratch(Map<String, Object> context,
                                   Function<SynthesizedSaturday, T> read) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("saturday-synth");
            Map<String, Object> full = new LinkedHashMap<>(PlaceholderAssets.create(scratch.resolve("assets")));
            full.putAll(context);
            return read.apply(SaturdayApp.synthesize(full, scratch.resolve("cdk.out")));
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
