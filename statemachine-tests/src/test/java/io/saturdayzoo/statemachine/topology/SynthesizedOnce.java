package io.saturdayzoo.statemachine.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.saturdayzoo.infra.SaturdayApp;
import io.saturdayzoo.infra.SynthesizedSaturday;
import io.saturdayzoo.infra.config.PlaceholderAssets;
import software.amazon.awscdk.assertions.Template;

/**
 * In-process synths shared by the topology and scenario tests of one JVM (each costs seconds of jsii/node time),
 * keyed by extra context: the same synthesis SaturdayDefinitionSource runs, so a scenario executes the very
 * definition a topology test reads. Placeholder assets stand in for the Lambda jar and the trainer image: they
 * change asset hashes, never topology.
 */
public final class SynthesizedOnce {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Map<String, Object>, Synth> CACHE = new ConcurrentHashMap<>();

    public record Synth(SynthesizedSaturday result, JsonNode template, Template assertions) {

        public ObjectNode definition() {
            return result.definition().tree();
        }

        public String definitionJson() {
            return result.definition().json();
        }

        public JsonNode resources() {
            return template.get("Resources");
        }
    }

    private SynthesizedOnce() {
    }

    public static Synth defaults() {
        return with(Map.of());
    }

    public static synchronized Synth with(Map<String, Object> extraContext) {
        return CACHE.computeIfAbsent(Map.copyOf(extraContext), SynthesizedOnce::synthesize);
    }

    @SuppressWarnings("unchecked")
    private static Synth synthesize(Map<String, Object> extraContext) {
        try {
            Path dir = Files.createTempDirectory("saturday-topology");
            Map<String, Object> context = new HashMap<>(PlaceholderAssets.create(dir.resolve("assets")));
            context.putAll(extraContext);
            SynthesizedSaturday result = SaturdayApp.synthesize(context, dir.resolve("cdk.out"));
            JsonNode template = JSON.readTree(result.templateJson());
            return new Synth(result, template, Template.fromJSON(JSON.convertValue(template, Map.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
