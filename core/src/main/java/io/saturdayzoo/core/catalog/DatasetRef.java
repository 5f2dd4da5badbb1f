package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.util.Objects;

/**
 * Where a spec's training data lives: an s3:// prefix, its time column (for walk-forward folds) and its target
 * (label) column.
 */
public record DatasetRef(
        @JsonProperty("uri") String uri,
        @JsonProperty("time_column") String timeColumn,
        @JsonProperty("target_column") String targetColumn) {

    public DatasetRef {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(targetColumn, "targetColumn");
    }

    /** Bucket part of an s3://bucket/prefix uri. */
    @JsonIgnore
    public String bucket() {
        return URI.create(uri).getHost();
    }

    /** Key prefix part of an s3://bucket/prefix uri, without a leading slash ("" for the bucket root). */
    @JsonIgnore
    public String keyPrefix() {
        String path = URI.create(uri).getPath();
        return path == null ? "" : path.replaceFirst("^/", "");
    }
}
