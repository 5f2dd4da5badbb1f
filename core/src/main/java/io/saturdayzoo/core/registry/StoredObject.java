package io.saturdayzoo.core.registry;

import java.time.Instant;

/**
 * An object in the zoo bucket: its key, last-modified time, size in bytes and ETag (the MD5 of the content for an
 * object written in one PUT, as every writer here does).
 */
public record StoredObject(String key, Instant lastModified, long size, String eTag) {
}
