package io.saturdayzoo.training.preflight;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.training.data.DatasetLocation;
import io.saturdayzoo.training.data.S3ObjectSource;
import io.saturdayzoo.training.lightgbm.NativeLightGbm;
import io.saturdayzoo.training.run.Trainer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What must hold before a Spot instance is worth paying for: config and catalog load, the spec is trainable, the
 * native library loads, bucket and table answer, the data is fresh. Read-only calls only; trains and writes nothing.
 */
public final class TrainerPreflight {
    private final Map<String, String> env;
    private final Trainer trainer;

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
        check(checks, "native_library", () -> {
            NativeLightGbm.load();
            return true;
        }, ok -> "lib_lightgbm loaded");
        if (zoo != null) {
            var s3 = AwsClients.s3(env);
            check(checks, "bucket", () -> {
                if (!new ArtifactStore(s3, zoo.bucket()).bucketExists()) {
                    throw new IllegalStateException("bucket " + zoo.bucket() + " does not exist");
                }
                return zoo.bucket();
            }, b -> "bucket " + b + " reachable");
            check(checks, "table", () -> {
                if (!RegistryTables.exists(AwsClients.dynamoDb(env), zoo.table())) {
                    throw new IllegalStateException("table " + zoo.table() + " does not exist");
                }
                return zoo.table();
            }, t -> "table " + t + " reachable");
            if (spec != null) {
                check(checks, "data_freshness", () -> freshness(spec, new S3ObjectSource(s3), zoo.dataMaxAgeHours()),
                        d -> d);
            }
        }
        return checks;
    }

    private static String freshness(ModelSpec spec, S3ObjectSource s3, int maxAgeHours) {
        List<DatasetLocation.DataFile> files = DatasetLocation.files(spec.dataset().uri(), s3);
        DatasetLocation.DataFile newest = files.stream().max(Comparator.comparing(DatasetLocation.DataFile::lastModified))
                .orElseThrow();
        Duration age = Duration.between(newest.lastModified(), Instant.now());
        if (age.toHours() >= maxAgeHours) {
            throw new IllegalStateException("newest data " + newest.uri() + " is " + age.toHours()
                    + " h old (limit " + maxAgeHours + " h)");
        }
        return files.size() + " file(s), newest " + newest.uri() + " is " + age.toHours() + " h old (limit "
                + maxAgeHours + " h)";
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T check(List<PreflightCheck> out, String name, Step<T> step,
                               java.util.function.Function<T, String> detail) {
        try {
            T value = step.run();
            out.add(new PreflightCheck(name, true, detail.apply(value)));
            return value;
        } catch (Exception | LinkageError e) {
            String message = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
            out.add(new PreflightCheck(name, false, message.replace('\n', ' ')));
            return null;
        }
    }
}
