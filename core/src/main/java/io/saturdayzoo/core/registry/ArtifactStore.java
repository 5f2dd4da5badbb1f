package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.aws.ZooEnv;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.json.ZooJson;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zoo bucket, in the layout every module shares:
 * <pre>
 * runs/{executionId}/{specId}/model.txt | manifest.json | evaluation.json   trainer output, before registration
 * models/{label}/v{n}/...                                                  a registered version's artifacts
 * archive/{yyyy}/{MM}/{dd}/{label}/v{n}/...                                dated archive copy
 * research/{executionId}/report.json                                       Research job output
 * checkpoints/{jobId}/...                                                  trainer fold checkpoints
 * </pre>
 * Run outputs are copied, never moved: whatever fails later, the trainer's output is still there. A version's
 * objects are written once and never replaced.
 */
public final class ArtifactStore {

    public static final String MODEL_FILE = "model.txt";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String EVALUATION_FILE = "evaluation.json";
    /** What a registered version's home must hold to be loaded and researched. */
    public static final List<String> VERSION_FILES = List.of(MODEL_FILE, MANIFEST_FILE, EVALUATION_FILE);

    /**
     * The top-level prefixes of the layout above. Compile-time constants: the CDK app scopes IAM grants and
     * lifecycle rules to them without loading this class (it ships no SDK).
     */
    public static final String RUNS = "runs/";
    public static final String MODELS = "models/";
    public static final String ARCHIVE = "archive/";
    public static final String RESEARCH = "research/";
    public static final String CHECKPOINTS = "checkpoints/";

    /** {@link #modelPrefix} read back: label and version number. */
    private static final Pattern VERSION_HOME = Pattern.compile(Pattern.quote(MODELS) + "([^/]+)/v([0-9]{1,9})/");
    private static final int HTTP_PRECONDITION_FAILED = 412;

    private final S3Client s3;
    private final String bucket;

    public ArtifactStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException(ZooEnv.BUCKET + ": bucket name is missing");
        }
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    // ---- layout -------------------------------------------------------------------------------------------

    /** "runs/{executionId}/{specId}/". */
    public static String runPrefix(String executionId, String specId) {
        return executionRunsPrefix(executionId) + requireSegment("specId", specId) + "/";
    }

    /** "runs/{executionId}/": every run output of one execution. */
    public static String executionRunsPrefix(String executionId) {
        return RUNS + requireSegment("executionId", executionId) + "/";
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
                out.add(new StoredObject(o.key(), o.lastModified(), o.size() == null ? 0 : o.size(), o.eTag()));
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
     * Objects already in a version's homes (models/{label}/v{n}/ and its dated archive) that are not this run's
     * outputs: a name the run does not have, or different content. Empty when the run may become that version. A
     * home holding another run's objects is a version the registry does not know (its table was deleted or
     * replaced); registering over it would overwrite that version's artifacts.
     */
    public List<String> foreignObjects(String executionId, String specId, String label, int versionNumber,
                                       Instant completedAt) {
        String from = runPrefix(executionId, specId);
        Map<String, StoredObject> run = new HashMap<>();
        list(from).forEach(o -> run.put(o.key().substring(from.length()), o));
        List<String> foreign = new ArrayList<>();
        for (String home : versionHomes(label, versionNumber, completedAt)) {
            for (StoredObject existing : list(home)) {
                StoredObject mine = run.get(existing.key().substring(home.length()));
                if (mine == null || !sameContent(mine, existing)) {
                    foreign.add(existing.key());
                }
            }
        }
        return foreign;
    }

    /**
     * Copies a run's outputs to the registered version's home and to the dated archive, each object written once:
     * an object already there is never replaced (the write is conditional on the key not existing), so completing
     * an interrupted copy writes only what is missing, a repeated call writes nothing, and a version's artifacts stay
     * those it was registered with even if the run's outputs change later. The run's own objects are left in place.
     *
     * @return the keys written by this call
     */
    public List<String> copyRunToVersion(String executionId, String specId, String label, int versionNumber,
                                         Instant completedAt) {
        String from = runPrefix(executionId, specId);
        List<String> homes = versionHomes(label, versionNumber, completedAt);
        List<StoredObject> sources = list(from);
        if (sources.isEmpty()) {
            return List.of();
        }
        Set<String> present = new HashSet<>();
        for (String home : homes) {
            list(home).forEach(o -> present.add(o.key()));
        }
        List<String> written = new ArrayList<>();
        for (StoredObject object : sources) {
            String relative = object.key().substring(from.length());
            for (String home : homes) {
                String destination = home + relative;
                if (!present.contains(destination) && writeOnce(object.key(), destination)) {
                    written.add(destination);
                }
            }
        }
        return written;
    }

    private static List<String> versionHomes(String label, int versionNumber, Instant completedAt) {
        LocalDate day = LocalDate.ofInstant(completedAt, ZoneOffset.UTC);
        return List.of(modelPrefix(label, versionNumber), archivePrefix(day, label, versionNumber));
    }

    /** Copies an object unless the destination exists; false when it did (the first write stands). */
    private boolean writeOnce(String sourceKey, String destination) {
        // GET and a conditional PUT rather than CopyObject: the local S3 server (s3proxy) ignores If-None-Match on
        // a copy, and the write-once rule must hold there as on AWS.
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(sourceKey))) {
            GetObjectResponse source = in.response();
            s3.putObject(b -> b.bucket(bucket).key(destination).contentType(source.contentType()).ifNoneMatch("*"),
                    RequestBody.fromInputStream(in, source.contentLength()));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == HTTP_PRECONDITION_FAILED) {
                return false;
            }
            throw new RegistryException("cannot copy s3://" + bucket + "/" + sourceKey + " to " + destination + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new RegistryException("cannot copy s3://" + bucket + "/" + sourceKey + " to " + destination + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Same size and ETag. Every writer here uses single PUTs, whose ETag is the content's MD5; an object uploaded in
     * parts elsewhere has another kind of ETag and counts as different, which refuses rather than overwrites.
     */
    private static boolean sameContent(StoredObject a, StoredObject b) {
        return a.size() == b.size() && Objects.equals(a.eTag(), b.eTag());
    }

    /** Which of {@link #VERSION_FILES} are missing under a version's artifact prefix (models/{label}/v{n}/). */
    public List<String> missingVersionFiles(String artifactPrefix) {
        Set<String> present = new HashSet<>();
        list(artifactPrefix).forEach(o -> present.add(o.key().substring(artifactPrefix.length())));
        return VERSION_FILES.stream().filter(name -> !present.contains(name)).toList();
    }

    /**
     * The versions whose artifacts are in the bucket, by label: every models/{label}/v{n}/ holding an object.
     * Compared with the registry, it shows versions the registry does not know.
     */
    public Map<String, SortedSet<Integer>> storedVersions() {
        Map<String, SortedSet<Integer>> out = new TreeMap<>();
        for (StoredObject o : list(MODELS)) {
            Matcher m = VERSION_HOME.matcher(o.key());
            if (m.lookingAt()) {
                out.computeIfAbsent(m.group(1), l -> new TreeSet<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        return out;
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
