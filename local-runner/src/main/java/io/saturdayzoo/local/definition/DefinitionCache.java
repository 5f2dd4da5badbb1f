package io.saturdayzoo.local.definition;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.AslDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Synthesized definitions kept between runs, one file per state machine name under {@value #FOLDER}/ of the data
 * directory, each with the {@link DefinitionInputs} it was synthesized from and the SHA-256 of its text. A
 * definition is synthesized again only when an input changed (and the note says which), and an entry that does not
 * read back whole (truncated, edited, another format) is rebuilt, never used.
 */
public final class DefinitionCache {
    public static final String FOLDER = "definitions";
    /** Bumped whenever the entry layout changes: an entry of another format is rebuilt. */
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** One synthesis of the app: every state machine it defines, ASL JSON by state machine name. */
    @FunctionalInterface
    public interface Synthesis {
        Map<String, String> definitions();
    }

    private final Path folder;
    private final Supplier<DefinitionInputs> inputs;
    private final Synthesis synthesis;
    private final Consumer<String> notes;

    /**
     * @param dataDir   the run's data directory (its lock is held by the caller)
     * @param inputs    computes the current inputs (once per {@link #load})
     * @param synthesis runs only on a miss; every definition it returns is stored
     * @param notes     hears one line per load: from the cache, or why synthesis runs
     */
    public DefinitionCache(Path dataDir, Supplier<DefinitionInputs> inputs, Synthesis synthesis, Consumer<String> notes) {
        this.folder = dataDir.resolve(FOLDER);
        this.inputs = inputs;
        this.synthesis = synthesis;
        this.notes = notes;
    }

    /** The cache of the CDK app's definitions, synthesized in-process from the working directory. */
    public static DefinitionCache ofApp(Path dataDir, Consumer<String> notes) {
        return new DefinitionCache(dataDir, () -> DefinitionInputs.of(Path.of(""), Map.of()),
                SaturdayDefinitionSource::synthesizeAll, notes);
    }

    public Path entry(String stateMachineName) {
        if (!SAFE_NAME.matcher(stateMachineName).matches()) {
            throw new IllegalArgumentException("state machine name: expected letters, digits, '.', '_' or '-', got '"
                    + stateMachineName + "'");
        }
        return folder.resolve(stateMachineName + ".json");
    }

    /** The definition of {@code stateMachineName}: from the cache when its inputs are unchanged, else synthesized. */
    public String load(String stateMachineName) {
        Path file = entry(stateMachineName);
        DefinitionInputs current = inputs.get();
        String why;
        if (!Files.exists(file)) {
            why = "no cached definition of " + stateMachineName + " yet: synthesizing";
        } else {
            try {
                Entry cached = read(file, stateMachineName);
                List<String> changes = current.changesSince(cached.inputs());
                if (changes.isEmpty()) {
                    notes.accept("definition of " + stateMachineName + " from the cache (" + file + ")");
                    return cached.definition();
                }
                why = String.join(", ", changes) + ": re-synthesizing";
            } catch (CorruptEntry e) {
                why = "cached definition " + file + " is unusable (" + e.getMessage() + "): re-synthesizing";
            }
        }
        notes.accept(why);
        Map<String, String> all = synthesis.definitions();
        String wanted = all.get(stateMachineName);
        if (wanted == null) {
            throw new IllegalStateException("the app defines no state machine named " + stateMachineName
                    + " (it defines " + all.keySet() + ")");
        }
        all.forEach((name, json) -> write(entry(name), name, current, json));
        return wanted;
    }

    private record Entry(DefinitionInputs inputs, String definition) {
    }

    /** Thrown for an entry that does not read back whole; the message says what is wrong with it. */
    static final class CorruptEntry extends Exception {
        CorruptEntry(String message) {
            super(message);
        }
    }

    private static Entry read(Path file, String stateMachineName) throws CorruptEntry {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CorruptEntry("not readable JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new CorruptEntry("not a JSON object");
        }
        if (root.path("format").asInt(-1) != FORMAT) {
            throw new CorruptEntry("format " + root.path("format") + ", expected " + FORMAT);
        }
        if (!stateMachineName.equals(root.path("stateMachine").asText(null))) {
            throw new CorruptEntry("it holds state machine " + root.path("stateMachine"));
        }
        JsonNode definition = root.path("definition");
        JsonNode sha = root.path("sha256");
        if (!definition.isTextual() || !sha.isTextual()) {
            throw new CorruptEntry("definition or sha256 missing");
        }
        if (!DefinitionInputs.sha256(definition.asText()).equals(sha.asText())) {
            throw new CorruptEntry("the definition does not match its sha256");
        }
        try {
            AslDefinition.parse(definition.asText());
        } catch (RuntimeException e) {
            throw new CorruptEntry("the definition does not parse: " + e.getMessage());
        }
        Map<String, Map<String, String>> fingerprints;
        try {
            fingerprints = JSON.convertValue(root.path("inputs"), new TypeReference<>() {
            });
        } catch (IllegalArgumentException e) {
            throw new CorruptEntry("inputs unreadable");
        }
        if (fingerprints == null || fingerprints.values().stream().anyMatch(Objects::isNull)) {
            throw new CorruptEntry("inputs missing");
        }
        return new Entry(new DefinitionInputs(fingerprints), definition.asText());
    }

    /** Written to a temporary file and moved into place, so a reader never sees half an entry. */
    private static void write(Path file, String stateMachineName, DefinitionInputs inputs, String definition) {
        ObjectNode root = JSON.createObjectNode()
                .put("format", FORMAT)
                .put("stateMachine", stateMachineName)
                .put("sha256", DefinitionInputs.sha256(definition))
                .put("definition", definition);
        root.set("inputs", JSON.valueToTree(inputs.fingerprints()));
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), stateMachineName, ".tmp");
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root),
                    StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the definition cache entry " + file, e);
        }
    }
}
