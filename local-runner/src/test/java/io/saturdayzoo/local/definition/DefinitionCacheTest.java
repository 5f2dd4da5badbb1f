package io.saturdayzoo.local.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The definition cache: synthesize only when an input changed, say which, and never trust a damaged entry. */
class DefinitionCacheTest {

    private static final String SATURDAY = SaturdayDefinitionSource.SATURDAY;
    private static final String OTHER = "TrainModelVersion";

    private final AtomicInteger syntheses = new AtomicInteger();
    private final List<String> notes = new ArrayList<>();
    private Map<String, Map<String, String>> inputs = inputs("catalog-v1", "infra-0.1.0-SNAPSHOT.jar", "jar-v1");

    private static Map<String, Map<String, String>> inputs(String catalog, String jar, String jarPrint) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        out.put(DefinitionInputs.CODE, Map.of(jar, jarPrint, "aws-cdk-lib-2.263.0.jar", "cdk"));
        out.put(DefinitionInputs.CATALOG, Map.of("zoo/catalog.json", catalog));
        out.put(DefinitionInputs.CONTEXT, Map.of("context", "flags-v1"));
        return out;
    }

    private static String fixture() throws IOException {
        try (InputStream in = DefinitionCacheTest.class.getResourceAsStream("/definition/saturday-fixture.asl.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private DefinitionCache cache(Path dataDir) throws IOException {
        String definition = fixture();
        return new DefinitionCache(dataDir, () -> new DefinitionInputs(inputs), () -> {
            syntheses.incrementAndGet();
            return Map.of(SATURDAY, definition, OTHER, definition.replace("ValidateInput", "ValidateRequest"));
        }, notes::add);
    }

    @Test
    void aSecondLoadWithUnchangedInputsComesFromTheCache(@TempDir Path dir) throws IOException {
        String first = cache(dir).load(SATURDAY);
        String second = cache(dir).load(SATURDAY);

        assertThat(second).isEqualTo(first).isEqualTo(fixture());
        assertThat(syntheses).hasValue(1);
        assertThat(notes).containsExactly("no cached definition of " + SATURDAY + " yet: synthesizing",
                "definition of " + SATURDAY + " from the cache (" + dir.resolve("definitions/" + SATURDAY + ".json") + ")");
    }

    @Test
    void eachStateMachineHasItsOwnEntryFromOneSynthesis(@TempDir Path dir) throws IOException {
        cache(dir).load(SATURDAY);
        String other = cache(dir).load(OTHER);

        assertThat(other).contains("ValidateRequest").doesNotContain("\"ValidateInput\"");
        assertThat(syntheses).hasValue(1);
        assertThat(dir.resolve("definitions")).isDirectoryContaining("glob:**/" + SATURDAY + ".json")
                .isDirectoryContaining("glob:**/" + OTHER + ".json");
    }

    @Test
    void aChangedInputIsNamedAndSynthesizesAgain(@TempDir Path dir) throws IOException {
        cache(dir).load(SATURDAY);
        inputs = inputs("catalog-v2", "infra-0.1.0-SNAPSHOT.jar", "jar-v1");
        cache(dir).load(SATURDAY);
        inputs = inputs("catalog-v2", "infra-0.1.0-SNAPSHOT.jar", "jar-v2");
        cache(dir).load(SATURDAY);
        cache(dir).load(SATURDAY);

        assertThat(syntheses).hasValue(3);
        assertThat(notes.subList(1, 4)).containsExactly("catalog changed: re-synthesizing",
                "code changed (infra-0.1.0-SNAPSHOT.jar): re-synthesizing",
                "definition of " + SATURDAY + " from the cache (" + dir.resolve("definitions/" + SATURDAY + ".json") + ")");
    }

    @Test
    void aTruncatedEntryIsRebuiltNotTrusted(@TempDir Path dir) throws IOException {
        cache(dir).load(SATURDAY);
        Path entry = dir.resolve("definitions/" + SATURDAY + ".json");
        String whole = Files.readString(entry);
        Files.writeString(entry, whole.substring(0, whole.length() / 2));

        assertThat(cache(dir).load(SATURDAY)).isEqualTo(fixture());
        assertThat(syntheses).hasValue(2);
        assertThat(notes.get(1)).startsWith("cached definition " + entry + " is unusable (not readable JSON")
                .endsWith(": re-synthesizing");
        assertThat(Files.readString(entry)).isEqualTo(whole);
    }

    @Test
    void anEditedDefinitionIsRebuiltNotTrusted(@TempDir Path dir) throws IOException {
        cache(dir).load(SATURDAY);
        Path entry = dir.resolve("definitions/" + SATURDAY + ".json");
        Files.writeString(entry, Files.readString(entry).replace("InputRejected", "InputAccepted"));

        assertThat(cache(dir).load(SATURDAY)).isEqualTo(fixture());
        assertThat(syntheses).hasValue(2);
        assertThat(notes.get(1)).contains("is unusable (the definition does not match its sha256)");
    }

    @Test
    void aStateMachineTheAppDoesNotDefineIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> cache(dir).load("NoSuchMachine"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the app defines no state machine named NoSuchMachine")
                .hasMessageContaining(SATURDAY);
        assertThatThrownBy(() -> cache(dir).load("../escape"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../escape'");
    }

    @Test
    void theCatalogAndContextOfACheckoutAreInputs(@TempDir Path checkout) throws IOException {
        Files.createDirectories(checkout.resolve("zoo"));
        Files.writeString(checkout.resolve("cdk.json"), "{\"context\": {\"@aws-cdk/core:flag\": true}}");
        Files.writeString(checkout.resolve("zoo/catalog.json"), "{\"zoo\": \"one\"}");
        DefinitionInputs before = DefinitionInputs.of(checkout, Map.of());

        Files.writeString(checkout.resolve("zoo/catalog.json"), "{\"zoo\": \"two\"}");
        DefinitionInputs catalogEdited = DefinitionInputs.of(checkout, Map.of());
        Files.writeString(checkout.resolve("cdk.json"), "{\"context\": {\"@aws-cdk/core:flag\": false}}");
        DefinitionInputs flagFlipped = DefinitionInputs.of(checkout, Map.of());

        assertThat(DefinitionInputs.of(checkout, Map.of()).changesSince(flagFlipped)).isEmpty();
        assertThat(catalogEdited.changesSince(before)).containsExactly("catalog changed");
        assertThat(flagFlipped.changesSince(catalogEdited)).containsExactly("CDK context changed");
        assertThat(DefinitionInputs.of(checkout, Map.of("mapMaxConcurrency", 2)).changesSince(flagFlipped))
                .containsExactly("CDK context changed");
        assertThat(before.fingerprints().get(DefinitionInputs.CODE)).isNotEmpty();
    }
}
