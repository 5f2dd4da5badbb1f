package io.saturdayzoo.core.registry;

import java.time.Instant;

/** An object in the zoo bucket: its key, last-modified time and size in bytes. */
public record StoredObject(String key, Instant lastModified, long size) {
}
