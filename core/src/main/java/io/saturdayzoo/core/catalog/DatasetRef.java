package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Where a spec's training data lives: an s3:// prefix, its time column (for walk-forward folds) and its target
 * (label) column.
 */
public record DatasetRef(
        @JsonProperty(URI) String uri,
        @JsonProperty(TIME_COLUMN) String timeColumn,
        @JsonProperty(TARGET_COLUMN) String targetColumn) {

    // The dataset's field names in the catalog file.
    public static final String URI = "uri";
    public static final String TIME_COLUMN = "time_column";
    public static final String TARGET_COLUMN = "target_column";

    public DatasetRef {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(targetColumn, "targetColumn");
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
