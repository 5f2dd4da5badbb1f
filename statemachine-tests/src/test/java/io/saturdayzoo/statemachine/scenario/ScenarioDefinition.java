package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.local.definition.DefinitionCache;
import io.saturdayzoo.local.definition.DefinitionInputs;
import io.saturdayzoo.local.definition.SaturdayDefinitionSource;
import io.saturdayzoo.statemachine.topology.SynthesizedOnce;

import java.nio.file.Path;
import java.util.Map;

/**
 * The Saturday definition the scenarios execute. Synthesis costs seconds of jsii/node time per JVM, and this module
 * runs its tests in two JVMs (see the pom), so the first JVM's synthesis is kept in a {@link DefinitionCache} under
 * the folder the pom names: the second JVM reads it back instead of synthesizing again. The cache is keyed by
 * everything synthesis reads (class path, catalog, CDK context), so a changed input synthesizes afresh. Without the
 * property (e.g. a test run from an IDE) each JVM synthesizes its own.
 */
final class ScenarioDefinition {
    /** Folder of the definition cache shared by this module's test JVMs. */
    static final String CACHE_PROPERTY = "scenario.definition.cache";

    private ScenarioDefinition() {
    }

    static String saturday() {
        return Loaded.JSON;
    }

    /** Loaded once per JVM, on first use: the inputs' fingerprint reads the whole class path. */
    private static final class Loaded {
        static final String JSON = load();

        private static String load() {
            String folder = System.getProperty(CACHE_PROPERTY);
            if (folder == null || folder.isBlank()) {
                return SynthesizedOnce.defaults().definitionJson();
            }
            // a miss synthesizes as the topology tests do, so the cache holds the very definition they read
            DefinitionCache cache = new DefinitionCache(Path.of(folder), () -> DefinitionInputs.of(Path.of(""), Map.of()),
                    () -> Map.of(SaturdayDefinitionSource.SATURDAY, SynthesizedOnce.defaults().definitionJson()),
                    note -> System.out.println("scenario definition: " + note));
            return cache.load(SaturdayDefinitionSource.SATURDAY);
        }
    }
}
