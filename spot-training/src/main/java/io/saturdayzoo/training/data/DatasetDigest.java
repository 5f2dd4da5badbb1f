package io.saturdayzoo.training.data;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of a dataset's data when it is read, recorded on the run: a versioned S3 object's VersionId, else its
 * ETag; a local file's SHA-256; a folder or prefix of parts, the SHA-256 of its parts' uris and digests in order.
 */
public final class DatasetDigest {
    private static final String UNVERSIONED = "null"; // S3's VersionId of an object written while versioning was off

    private DatasetDigest() {
    }

    /** @throws DatasetException when the location holds no data files */
    public static String of(String uri, S3Client s3) {
        List<DatasetLocation.DataFile> files = DatasetLocation.files(uri, s3 == null ? null : new S3ObjectSource(s3));
        if (files.size() == 1) {
            return part(files.get(0).uri(), s3);
        }
        MessageDigest sha = sha256();
        for (DatasetLocation.DataFile f : files) {
            sha.update((f.uri() + " " + part(f.uri(), s3) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "parts-sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static String part(String uri, S3Client s3) {
        if (DatasetLocation.isS3(uri)) {
            URI parsed = URI.create(uri);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(parsed.getHost())
                    .key(parsed.getPath().replaceFirst("^/", "")));
            String version = head.versionId();
            return version != null && !version.equals(UNVERSIONED) ? "s3-version:" + version
                    : "etag:" + head.eTag().replace("\"", "");
        }
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(Path.of(uri))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("dataset '" + uri + "': " + e.getMessage(), e);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
