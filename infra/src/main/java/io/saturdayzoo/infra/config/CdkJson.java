package io.saturdayzoo.infra.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The checkout's cdk.json: it marks the repository root, and its "context" block holds the app's CDK feature flags.
 * The CDK CLI hands that context to the app; in-process synthesis (tests, the local runner) reads it here, so both
 * build the same template.
 */
public final class CdkJson {

    public static final String FILE = "cdk.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CdkJson() {
    }

    /** The "context" block of the cdk.json at or above {@code workingDirectory}; empty outside a checkout. */
    public static Map<String, Object> context(Path workingDirectory) {
        return AssetPaths.findRepositoryRoot(workingDirectory)
                .map(root -> read(root.resolve(FILE)))
                .orElse(Map.of());
    }

    private static Map<String, Object> read(Path file) {
        try {
            Map<String, Object> cdkJson = JSON.readValue(Files.readString(file), new TypeReference<>() {
            });
            Object context = cdkJson.get("context");
            if (context != null && !(context instanceof Map<?, ?>)) {
                throw new ContextValueException(file + ": \"context\" must be an object");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            if (context != null) {
                ((Map<?, ?>) context).forEach((key, value) -> out.put(key.toString(), value));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
