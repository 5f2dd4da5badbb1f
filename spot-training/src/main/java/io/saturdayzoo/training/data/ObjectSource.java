package io.saturdayzoo.training.data;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Read-only access to objects under s3:// URIs (kept narrow so tests and preflight share one contract). */
public interface ObjectSource {
    record ObjectInfo(String key, long size, Instant lastModified) {
    }

    /** Objects whose key starts with prefix, in key order. */
    List<ObjectInfo> list(String bucket, String prefix);

    void download(String bucket, String key, Path target);
}
