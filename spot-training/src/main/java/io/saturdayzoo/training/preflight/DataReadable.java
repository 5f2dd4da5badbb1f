package io.saturdayzoo.training.preflight;

import io.saturdayzoo.core.preflight.PreflightCheck;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.data.DatasetLocation;
import io.saturdayzoo.training.data.S3ObjectSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process may read a spec's data, not only list it: the first bytes of its first data file, fetched
 * with the credentials the trainer will train with (an object GET needs s3:GetObject, and kms:Decrypt for a
 * KMS-encrypted bucket, where listing needs neither). Reads at most {@link #PROBE_BYTES} bytes; writes nothing.
 */
public final class DataReadable {
    public static final String CHECK = "data_readable";
    static final int PROBE_BYTES = 1024;

    private DataReadable() {
    }

    public static PreflightCheck check(ModelSpec spec, S3Client s3) {
        String first = null;
        try {
            DatasetLocation.DataFile file = DatasetLocation.files(spec.dataset().uri(), new S3ObjectSource(s3)).get(0);
            first = file.uri();
            // An empty object has no first byte to ask for (S3 answers 416), and is no data either.
            int read = file.size() == 0 ? 0 : DatasetLocation.isS3(first) ? readS3(s3, first) : readLocal(Path.of(first));
            if (read == 0) {
                return new PreflightCheck(CHECK, false, first + " is empty");
            }
            return new PreflightCheck(CHECK, true, first + ": first " + read + " bytes read");
        } catch (RuntimeException | IOException e) {
            String what = first == null ? "dataset '" + spec.dataset().uri() + "'" : first;
            return new PreflightCheck(CHECK, false, CheckFailure.shorten(what + " is not readable: "
                    + CheckFailure.lineOf(e)));
        }
    }

    private static int readS3(S3Client s3, String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(rest.substring(0, slash))
                .key(rest.substring(slash + 1)).range("bytes=0-" + (PROBE_BYTES - 1)));
        return bytes.asByteArray().length;
    }

    private static int readLocal(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PROBE_BYTES).length;
        }
    }
}
