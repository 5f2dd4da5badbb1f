package io.saturdayzoo.local.data;

import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.shadow.IsoWeek;
import io.saturdayzoo.training.data.SyntheticDatasets;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes sure every active spec of the catalog has data to train on in the local stores. A dataset URI under
 * s3:// is served by the local S3 server: when nothing is there yet, when the data generated there is of another
 * week of the {@link LocalWorld} (a new week has begun: its rows are added) or has gone stale for preflight's
 * freshness check, a deterministic, time-ordered synthetic table of the world's weeks is generated for it, with
 * the spec's own time and target column names. Any other object under the prefix is the user's own data (copied
 * into the local bucket) and is used as it is. (The catalog accepts s3:// dataset URIs only.)
 */
public final class LocalDatasets {
    /** Name of the file this class generates; data under any other name is the user's and never overwritten. */
    public static final String GENERATED_FILE = "saturday-synthetic.csv";

    /** What was done for one spec. */
    public record Prepared(String specId, String uri, Action action, int rows) {
    }

    public enum Action { GENERATED, ADVANCED, REGENERATED_STALE, KEPT }

    /** User metadata of a generated file: the {@link LocalWorld#stamp()} it was generated for. */
    static final String WORLD_METADATA = "saturday-world";

    private final S3Client s3;
    private final int rows;
    private final Duration maxAge;
    private final LocalWorld world;

    /**
     * @param rows   rows per generated dataset, spread over the world's weeks (each week gets rows / weeks, rounded
     *               up, so a week's rows never depend on which window it is in)
     * @param maxAge data older than this fails preflight; generated data this old (half of it, to leave a margin)
     *               is generated again
     */
    public LocalDatasets(S3Client s3, int rows, Duration maxAge, LocalWorld world) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows: expected an integer >= 1, got " + rows);
        }
        this.s3 = s3;
        this.rows = rows;
        this.maxAge = maxAge;
        this.world = java.util.Objects.requireNonNull(world, "world");
    }

    /** Rows of each week in a generated dataset. */
    public int rowsPerWeek() {
        return (rows + world.weeks() - 1) / world.weeks();
    }

    /** {@link #check} then {@link #write}: every active spec's dataset ready in the bucket. */
    public List<Prepared> prepare(ZooCatalog catalog, Instant now) {
        return write(check(catalog, now));
    }

    /**
     * What each active spec's dataset needs, found by reading the bucket only (nothing is written, no bucket
     * created): one look per bucket and per dataset prefix. A spec whose dataset prefix an earlier spec already
     * covers keeps that one's file (the first spec in catalog order names its columns).
     */
    public List<Plan> check(ZooCatalog catalog, Instant now) {
        List<Plan> out = new ArrayList<>();
        Map<String, Boolean> buckets = new HashMap<>();
        Set<String> covered = new HashSet<>();
        for (ModelSpec spec : catalog.activeSpecs()) {
            DatasetRef data = spec.dataset();
            boolean bucketExists = buckets.computeIfAbsent(data.bucket(), name -> bucket(name).bucketExists());
            boolean first = covered.add(data.bucket() + "/" + data.keyPrefix());
            out.add(first ? check(spec, bucketExists, now) : Plan.kept(spec));
        }
        return out;
    }

    /** Generates and writes what the plans say is missing, creating a bucket that is not there yet. */
    public List<Prepared> write(List<Plan> plans) {
        Set<String> ready = new HashSet<>();
        List<Prepared> out = new ArrayList<>();
        for (Plan plan : plans) {
            DatasetRef data = plan.spec().dataset();
            if (plan.action() == Action.KEPT) {
                out.add(new Prepared(plan.spec().id(), data.uri(), Action.KEPT, -1));
                continue;
            }
            if (ready.add(data.bucket())) {
                bucket(data.bucket()).createBucketIfMissing();
            }
            byte[] csv = generate(plan.spec());
            s3.putObject(b -> b.bucket(data.bucket()).key(plan.key()).contentType("text/csv")
                    .metadata(java.util.Map.of(WORLD_METADATA, world.stamp())), RequestBody.fromBytes(csv));
            out.add(new Prepared(plan.spec().id(), "s3://" + data.bucket() + "/" + plan.key(), plan.action(),
                    rowsPerWeek() * world.weeks()));
        }
        return out;
    }

    /** One spec's dataset: kept as it is, or a file to generate at {@code key} (null when kept). */
    public record Plan(ModelSpec spec, Action action, String key) {
        static Plan kept(ModelSpec spec) {
            return new Plan(spec, Action.KEPT, null);
        }
    }

    private Plan check(ModelSpec spec, boolean bucketExists, Instant now) {
        DatasetRef data = spec.dataset();
        String bucket = data.bucket();
        String prefix = data.keyPrefix();
        String key = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/") + GENERATED_FILE;
        if (!bucketExists) {
            return new Plan(spec, Action.GENERATED, key);
        }
        List<S3Object> existing = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                .stream().toList();
        Optional<S3Object> generated = existing.stream().filter(o -> o.key().endsWith("/" + GENERATED_FILE)
                || o.key().equals(GENERATED_FILE)).findFirst();
        boolean userData = existing.stream().anyMatch(o -> !o.key().endsWith(GENERATED_FILE));
        if (userData) {
            return Plan.kept(spec);
        }
        if (generated.isEmpty()) {
            return new Plan(spec, Action.GENERATED, key);
        }
        String stamp = s3.headObject(b -> b.bucket(bucket).key(generated.get().key())).metadata().get(WORLD_METADATA);
        boolean fresh = generated.get().lastModified().isAfter(now.minus(maxAge.dividedBy(2)));
        if (world.stamp().equals(stamp) && fresh) {
            return Plan.kept(spec);
        }
        return new Plan(spec, world.stamp().equals(stamp) ? Action.REGENERATED_STALE : Action.ADVANCED, key);
    }

    /**
     * The synthetic table for a spec: the world's weeks, oldest first, each week's rows seeded by (spec id, world
     * seed, week) and spread over that week, header renamed to the spec's time and target columns.
     */
    byte[] generate(ModelSpec spec) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(rowsPerWeek() * world.weeks() * 200 + 256);
        try {
            SyntheticDatasets.writeHeader(buffer);
            for (IsoWeek week : world.window()) {
                SyntheticDatasets.writePeriod(buffer, world.seed(seed(spec.id()), week), rowsPerWeek(),
                        week.start().getEpochSecond(), week.end().getEpochSecond(), world.shift(week),
                        world.angle(week));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = buffer.toByteArray();
        int headerEnd = indexOf(bytes, (byte) '\n');
        String header = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII);
        // SyntheticDatasets names its columns ts,label,f0..; the catalog names them per dataset
        String renamed = header.replaceFirst("^ts,label,", spec.dataset().timeColumn() + ","
                + spec.dataset().targetColumn() + ",");
        byte[] newHeader = renamed.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[newHeader.length + bytes.length - headerEnd];
        System.arraycopy(newHeader, 0, out, 0, newHeader.length);
        System.arraycopy(bytes, headerEnd, out, newHeader.length, bytes.length - headerEnd);
        return out;
    }

    static long seed(String specId) {
        long h = 1125899906842597L;
        for (char c : specId.toCharArray()) {
            h = 31 * h + c;
        }
        return h;
    }

    /** The bucket's existence and creation have one owner: {@link ArtifactStore} (any bucket, not only the zoo's). */
    private ArtifactStore bucket(String name) {
        return new ArtifactStore(s3, name);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("generated CSV has no header line");
    }
}
