package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.local.definition.DefinitionCache;
import io.saturdayzoo.local.definition.DefinitionInputs;
import io.saturdayzoo.local.definition.SaturdayDefinitionSource;
import io.saturdayzoo.statemachine.topology.SynthesizedOnce;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

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
    private static final String SUREFIRE_LAUNCHER = "surefirebooter";

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
            DefinitionCache cache = new DefinitionCache(Path.of(folder), Loaded::inputs,
                    () -> Map.of(SaturdayDefinitionSource.SATURDAY, SynthesizedOnce.defaults().definitionJson()),
                    note -> System.out.println("scenario definition: " + note));
            return cache.load(SaturdayDefinitionSource.SATURDAY);
        }

        /**
         * The inputs of synthesis in this JVM, without surefire's launcher jar: it holds only a manifest naming the
         * class path (whose entries are fingerprinted one by one) and is named anew for every JVM, so keeping it
         * would make every JVM's code look changed.
         */
        private static DefinitionInputs inputs() {
            Map<String, Map<String, String>> fingerprints = new LinkedHashMap<>(
                    DefinitionInputs.of(Path.of(""), Map.of()).fingerprints());
            Map<String, String> code = new TreeMap<>(fingerprints.get(DefinitionInputs.CODE));
            code.keySet().removeIf(entry -> entry.startsWith(SUREFIRE_LAUNCHER));
            fingerprints.put(DefinitionInputs.CODE, code);
            return new DefinitionInputs(fingerprints);
        }
    }
}
