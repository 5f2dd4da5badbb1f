package io.saturdayzoo.core.attempts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.saturdayzoo.core.catalog.ModelSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A spec's content hash: SHA-256 of its catalog entry as canonical JSON (fields and params in key order), so any
 * change to what a spec trains (kind, params, data, harness fields, bases, status) gives a new hash, and the same
 * entry gives the same hash in every Lambda and job. A spec's attempt record remembers it: a changed spec starts
 * its failure count afresh.
 */
public final class SpecFingerprint {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private SpecFingerprint() {
    }

    /** "sha256:" followed by 64 hex digits. */
    public static String of(ModelSpec spec) {
        try {
            byte[] json = CANONICAL.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("spec '" + spec.id() + "' cannot be written as JSON: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
