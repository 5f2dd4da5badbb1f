package io.saturdayzoo.training.data;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link ObjectSource} over an SDK S3 client (read-only calls: ListObjectsV2, GetObject). */
public final class S3ObjectSource implements ObjectSource {
    private final S3Client s3;

    public S3ObjectSource(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                out.add(new ObjectInfo(o.key(), o.size() == null ? 0 : o.size(), o.lastModified()));
            }
        } catch (SdkException e) {
            throw new DatasetException("dataset 's3://" + bucket + "/" + prefix + "': cannot list: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void download(String bucket, String key, Path target) {
        try {
            Files.deleteIfExists(target);
            s3.getObject(b -> b.bucket(bucket).key(key), target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SdkException e) {
            throw new DatasetException("dataset 's3://" + bucket + "/" + key + "': cannot download: " + e.getMessage(), e);
        }
    }
}
