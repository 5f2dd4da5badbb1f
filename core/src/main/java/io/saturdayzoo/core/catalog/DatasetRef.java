package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Where a spec's training data lives: an s3:// prefix, its time column (for walk-forward folds) and its target
 * (label) column. A run's record of it also carries the digest of what was read (absent in the catalog).
 *
 * @param digest the data's identity when it was read: "s3-version:ID" (a versioned S3 object), "etag:TAG" (an
 *               unversioned one) or "sha256:HEX" (a local file); a folder or prefix of parts is "parts-sha256:HEX"
 *               over its parts' uris and digests; null when not recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetRef(
        @JsonProperty(URI) String uri,
        @JsonProperty(TIME_COLUMN) String timeColumn,
        @JsonProperty(TARGET_COLUMN) String targetColumn,
        @JsonProperty(DIGEST) String digest) {

    // The dataset's field names in the catalog file.
    public static final String URI = "uri";
    public static final String TIME_COLUMN = "time_column";
    public static final String TARGET_COLUMN = "target_column";
    public static final String DIGEST = "digest";

    public DatasetRef {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(targetColumn, "targetColumn");
    }

    /** As the catalog declares it: no digest. */
    public DatasetRef(String uri, String timeColumn, String targetColumn) {
        this(uri, timeColumn, targetColumn, null);
    }

    /** The same columns read from another location, with that data's digest. */
    public DatasetRef readFrom(String otherUri, String otherDigest) {
        return new DatasetRef(otherUri, timeColumn, targetColumn, otherDigest);
    }

    /** Bucket part of an s3://bucket/prefix uri. */
    @JsonIgnore
    public String bucket() {
        return java.net.URI.create(uri).getHost();
    }

    /** Key prefix part of an s3://bucket/prefix uri, without a leading slash ("" for the bucket root). */
    @JsonIgnore
    public String keyPrefix() {
        String path = java.net.URI.create(uri).getPath();
        return path == null ? "" : path.replaceFirst("^/", "");
    }
}
