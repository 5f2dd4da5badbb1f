package io.saturdayzoo.training.preflight;

import io.saturdayzoo.core.preflight.DataFreshness;
import io.saturdayzoo.core.preflight.PreflightCheck;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.training.data.DatasetLocation;
import io.saturdayzoo.training.data.S3ObjectSource;
import io.saturdayzoo.training.lightgbm.NativeLightGbm;
import io.saturdayzoo.training.run.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What must hold before a Spot instance is worth paying for: config and catalog load, the spec is trainable, the
 * native library builds a dataset, bucket and table answer, the data is fresh. Read-only calls only; trains and
 * writes nothing. Each failed check is one short line (its detail); the full error is logged.
 */
public final class TrainerPreflight {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerPreflight.class);

    private final Map<String, String> env;
    private final Trainer trainer;
    private final Set<Throwable> logged = Collections.newSetFromMap(new IdentityHashMap<>());

    public TrainerPreflight(Map<String, String> env, Trainer trainer) {
        this.env = env;
        this.trainer = trainer;
    }

    public List<PreflightCheck> run(String specId) {
        List<PreflightCheck> checks = new ArrayList<>();
        ZooEnv zoo = check(checks, "config", () -> ZooEnv.from(env),
                z -> "table " + z.table() + ", bucket " + z.bucket() + ", data max age " + z.dataMaxAgeHours() + " h");
        ZooCatalog catalog = check(checks, "catalog", () -> ZooCatalog.loadDefault(env),
                c -> c.specs().size() + " specs from " + c.source());
        ModelSpec spec = catalog == null ? null : check(checks, "spec", () -> {
            ModelSpec s = catalog.spec(specId).orElseThrow(() -> new IllegalArgumentException("spec '" + specId
                    + "' is not in the catalog " + catalog.source()));
            trainer.validate(s);
            return s;
        }, s -> "'" + s.id() + "' kind " + s.kind() + ", params valid");
        check(checks, "native_library", NativeLightGbm::probe, NativeLightGbm.Probe::toString);
        if (zoo != null) {
            AwsAccess aws = new AwsAccess(env);
            check(checks, "bucket", () -> aws.s3(s3 -> {
                if (!new ArtifactStore(s3, zoo.bucket()).bucketExists()) {
                    throw new IllegalStateException("bucket " + zoo.bucket() + " does not exist");
                }
                return zoo.bucket();
            }), b -> "bucket " + b + " reachable");
            check(checks, "table", () -> aws.dynamoDb(dynamo -> {
                if (!RegistryTables.exists(dynamo, zoo.table())) {
                    throw new IllegalStateException("table " + zoo.table() + " does not exist");
                }
                return zoo.table();
            }), t -> "table " + t + " reachable");
            if (spec != null) {
                check(checks, "data_freshness", () -> aws.s3(s3 ->
                        freshness(spec, new S3ObjectSource(s3), zoo.dataMaxAgeHours())), d -> d);
            }
        }
        return checks;
    }

    private static String freshness(ModelSpec spec, S3ObjectSource s3, int maxAgeHours) {
        List<DatasetLocation.DataFile> files = DatasetLocation.files(spec.dataset().uri(), s3);
        DatasetLocation.DataFile newest = files.stream().max(Comparator.comparing(DatasetLocation.DataFile::lastModified))
                .orElseThrow();
        DataFreshness freshness = DataFreshness.of(newest.lastModified(), Instant.now(), maxAgeHours);
        if (!freshness.fresh()) {
            throw new IllegalStateException("newest data " + newest.uri() + " is " + freshness.describe());
        }
        return files.size() + " file(s), newest " + newest.uri() + " is " + freshness.describe();
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Runs one check: its detail on success; on failure one short line naming what is wrong, and the whole error in
     * the log (once: checks that fail for the same reason, such as no credentials, point back to it).
     */
    private <T> T check(List<PreflightCheck> out, String name, Step<T> step, Function<T, String> detail) {
        try {
            T value = step.run();
            out.add(new PreflightCheck(name, true, detail.apply(value)));
            return value;
        } catch (Exception | LinkageError e) {
            String line = CheckFailure.lineOf(e);
            out.add(new PreflightCheck(name, false, line));
            Throwable story = e instanceof CheckFailure && e.getCause() != null ? e.getCause() : e;
            if (line.equals(story.getMessage())) {
                LOG.warn("preflight check {} failed: {}", name, line); // the line is the whole story
            } else if (logged.add(story)) {
                LOG.warn("preflight check {} failed: {}", name, line, story);
            } else {
                LOG.warn("preflight check {} failed: {} (the same error as above)", name, line);
            }
            return null;
        }
    }
}
