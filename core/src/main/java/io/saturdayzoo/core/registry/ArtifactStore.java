package io.saturdayzoo.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.json.ZooJson;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The zoo bucket, in the layout every module shares:
 * <pre>
 * runs/{executionId}/{specId}/model.txt | manifest.json | evaluation.json   trainer output, before registration
 * models/{label}/v{n}/...                                                  a registered version's artifacts
 * archive/{yyyy}/{MM}/{dd}/{label}/v{n}/...                                dated archive copy
 * research/{executionId}/report.json                                       Research job output
 * checkpoints/{jobId}/...                                                  trainer fold checkpoints
 * </pre>
 * Run outputs are copied, never moved: whatever fails later, the trainer's output is still there.
 */
public final class ArtifactStore {

    public static final String MODEL_FILE = "model.txt";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String EVALUATION_FILE = "evaluation.json";

    /**
     * The top-level prefixes of the layout above. Compile-time constants: the CDK app scopes IAM grants and
     * lifecycle rules to them without loading this class (it ships no SDK).
     */
    public static final String RUNS = "runs/";
    public static final String MODELS = "models/";
    public static final String ARCHIVE = "archive/";
    public static final String RESEARCH = "research/";
    public static final String CHECKPOINTS = "checkpoints/";

    private final S3Client s3;
    private final String bucket;

    public ArtifactStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("ZOO_BUCKET: bucket name is missing");
        }
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    // ---- layout -------------------------------------------------------------------------------------------

    /** "runs/{executionId}/{specId}/". */
    public static String runPrefix(String executionId, String specId) {
        return RUNS + requireSegment("executionId", executionId) + "/" + requireSegment("specId", specId) + "/";
    }

    /** "models/{label}/v{n}/". */
    public static String modelPrefix(String label, int versionNumber) {
        return MODELS + requireSegment("label", label) + "/v" + versionNumber + "/";
    }

    /** "archive/{yyyy}/{MM}/{dd}/{label}/v{n}/". */
    public static String archivePrefix(LocalDate date, String label, int versionNumber) {
        return String.format(ARCHIVE + "%04d/%02d/%02d/%s/v%d/", date.getYear(), date.getMonthValue(),
                date.getDayOfMonth(), requireSegment("label", label), versionNumber);
    }

    /** "research/{executionId}/report.json". */
    public static String researchReportKey(String executionId) {
        return RESEARCH + requireSegment("executionId", executionId) + "/report.json";
    }

    /** "checkpoints/{jobId}/". */
    public static String checkpointPrefix(String jobId) {
        return CHECKPOINTS + requireSegment("jobId", jobId) + "/";
    }

    /** The longest key segment accepted: far above any execution, job, spec or label id, far below S3's key limit. */
    public static final int MAX_SEGMENT_LENGTH = 255;

    /**
     * The one rule for an id that becomes a segment of a bucket key (and of a local checkpoint folder): not blank,
     * not "." or "..", no '/' or '\', no control characters, at most {@value #MAX_SEGMENT_LENGTH} characters.
     *
     * @param name what the value is, for the message (an option, variable or field name)
     * @return the value, unchanged
     * @throws IllegalArgumentException naming {@code name} and the value (control characters shown escaped)
     */
    public static String requireSegment(String name, String value) {
        if (value == null || value.isBlank() || value.equals(".") || value.equals("..") || value.contains("/")
                || value.contains("\\") || value.length() > MAX_SEGMENT_LENGTH
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + ": must be a safe key segment (not blank, '.' or '..'; no '/', "
                    + "'\\' or control characters; at most " + MAX_SEGMENT_LENGTH + " characters), got '"
                    + escapeControls(value) + "'");
        }
        return value;
    }

    private static String escapeControls(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        value.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04X", c) : (char) c));
        return out.toString();
    }

    // ---- objects ------------------------------------------------------------------------------------------

    public void putBytes(String key, byte[] bytes, String contentType) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            throw new RegistryException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public void putJson(String key, Object value) {
        try {
            putBytes(key, ZooJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(value), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + key + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The object's bytes, or empty when there is no such key. */
    public Optional<byte[]> getBytes(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            throw new RegistryException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public <T> Optional<T> getJson(String key, Class<T> type) {
        return getBytes(key).map(bytes -> {
            try {
                return ZooJson.mapper().readValue(bytes, type);
            } catch (IOException e) {
                throw new UncheckedIOException("s3://" + bucket + "/" + key + " is not a valid " + type.getSimpleName()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    public void writeRunManifest(RunManifest manifest) {
        putJson(runPrefix(manifest.executionId(), manifest.specId()) + MANIFEST_FILE, manifest);
    }

    /** runs/{executionId}/{specId}/manifest.json, or empty if the trainer did not write one. */
    public Optional<RunManifest> readRunManifest(String executionId, String specId) {
        return getJson(runPrefix(executionId, specId) + MANIFEST_FILE, RunManifest.class);
    }

    /** Every object under a prefix, in key order (all pages). */
    public List<StoredObject> list(String prefix) {
        List<StoredObject> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                out.add(new StoredObject(o.key(), o.lastModified(), o.size() == null ? 0 : o.size()));
            }
        } catch (S3Exception e) {
            throw new RegistryException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The most recently modified object under a prefix (data freshness checks), or empty if there is none. */
    public Optional<StoredObject> newestObject(String prefix) {
        return list(prefix).stream().max(Comparator.comparing(StoredObject::lastModified)
                .thenComparing(StoredObject::key));
    }

    /**
     * Copies a run's outputs to the registered version's home and to the dated archive. Idempotent: objects already
     * copied (same key and size) are skipped, so completing an interrupted copy writes only what is missing and a
     * repeated call writes nothing. The run's own objects are left in place.
     *
     * @return the keys written by this call
     */
    public List<String> copyRunToVersion(String executionId, String specId, String label, int versionNumber,
                                         Instant completedAt) {
        String from = runPrefix(executionId, specId);
        LocalDate day = LocalDate.ofInstant(completedAt, ZoneOffset.UTC);
        List<String> targets = List.of(modelPrefix(label, versionNumber), archivePrefix(day, label, versionNumber));
        List<StoredObject> sources = list(from);
        if (sources.isEmpty()) {
            return List.of();
        }
        Map<String, Long> present = new HashMap<>();
        for (String target : targets) {
            list(target).forEach(o -> present.put(o.key(), o.size()));
        }
        List<String> written = new ArrayList<>();
        for (StoredObject object : sources) {
            String relative = object.key().substring(from.length());
            for (String target : targets) {
                String destination = target + relative;
                if (Long.valueOf(object.size()).equals(present.get(destination))) {
                    continue;
                }
                try {
                    s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(object.key())
                            .destinationBucket(bucket).destinationKey(destination));
                } catch (S3Exception e) {
                    throw new RegistryException("cannot copy s3://" + bucket + "/" + object.key() + " to " + destination
                            + ": " + e.getMessage(), e);
                }
                written.add(destination);
            }
        }
        return written;
    }

    /** True when the bucket exists and is reachable with these credentials (preflight). */
    public boolean bucketExists() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new RegistryException("cannot reach bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Creates the bucket when missing (local runs and tests; in AWS the stack owns it). */
    public void createBucketIfMissing() {
        if (!bucketExists()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }
}
