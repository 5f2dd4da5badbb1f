package io.saturdayzoo.training.lightgbm;

import io.saturdayzoo.core.aws.ZooEnv;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.StoredObject;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetLoader;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.data.S3ObjectSource;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.eval.WalkForward;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.output.RunContext;
import io.saturdayzoo.training.output.RunPublisher;
import io.saturdayzoo.training.run.BucketCheckpoints;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.TrainedArtifact;
import io.saturdayzoo.training.run.Trainer;
import io.saturdayzoo.training.run.TrainingEvents;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole training job of one spec, timed as one piece: the path of {@code saturday-trainer train} (TrainCommand:
 * load and parse the data, every walk-forward fold with its threshold and metrics and checkpoints, the final model,
 * then the run outputs: model, evaluation, manifest), its S3 being local-stores' s3proxy: in another process when
 * {@code AWS_ENDPOINT_URL_S3} names one (bench/run.sh starts it, so that the peak RSS is the job's alone, as on
 * Batch, where S3 is not in the trainer's process), else embedded in this one. One measurement per JVM. Not a test.
 *
 * <pre>
 * JobBench CATALOG SPEC_ID DATA TIME_COLUMN LABEL_COLUMN THREADS FOLDS PLAN_OUT
 * </pre>
 * The spec's kind and params, trained on DATA (a local file) with these column roles.
 * Prints one JSON line. Writes PLAN_OUT: every fit the job made (train and test row ranges in the job's row order,
 * i.e. after the time sort, with row counts, positives and first/last times to check a cut against), the LightGBM
 * parameter string of those fits and each fold's test AUC, so the native anchor can cut identical files and run the
 * same fits (bench/cut_folds.py, bench/lgb_fit.c).
 */
public final class JobBench {
    // a bucket of its own per run: a server that outlives the run must not hand the next one its checkpoints
    private static final String BUCKET = "bench-job-" + Long.toHexString(System.currentTimeMillis());
    private static final String EXECUTION = "bench";
    private static final String S3_SERVER = "AWS_ENDPOINT_URL_S3";
    private static final String JOB = "bench-job";

    private JobBench() {
    }

    public static void main(String[] args) throws Exception {
        ModelSpec spec = spec(Path.of(args[0]), args[1], Path.of(args[2]), args[3], args[4]);
        int threads = Integer.parseInt(args[5]);
        int folds = Integer.parseInt(args[6]);
        Path planOut = Path.of(args[7]);

        // a server in another process: its AWS environment (printed by BenchStores) is this process's own
        boolean ownServer = System.getenv(S3_SERVER) == null;
        try (EmbeddedStores stores = ownServer ? EmbeddedStores.startS3Only(null) : null) {
            Map<String, String> env = ZooEnv.withStores("bench-registry", BUCKET,
                    ownServer ? stores.awsEnv() : System.getenv());
            S3Client s3 = AwsClients.s3(env);
            ArtifactStore bucket = new ArtifactStore(s3, BUCKET);
            bucket.createBucketIfMissing();
            double baseline = ProcessMemory.residentMb();

            // ---- the job, as TrainCommand runs it, but for where its bucket is
            long start = System.nanoTime();
            Trainer trainer = new Trainer();
            KindParams params = trainer.validate(spec);
            Dataset dataset = load(spec, threads, s3);
            long parsed = System.nanoTime();
            double peakAfterParse = ProcessMemory.peakMb();
            List<Map<String, Object>> events = new ArrayList<>();
            TrainedArtifact artifact = trainer.train(spec, dataset, TrainOptions.defaults().withThreads(threads)
                    .withFolds(folds).withIds(JOB, EXECUTION).withCheckpoints(new BucketCheckpoints(bucket, JOB, spec.id()))
                    .withEvents(TrainingEvents.to(events::add)));
            new RunPublisher(bucket).publish(spec, artifact, RunContext.from(env, EXECUTION, JOB));
            long done = System.nanoTime();
            double peak = ProcessMemory.peakMb();

            // ---- after the clock: what was written, and the plan for the native side
            List<StoredObject> checkpoints = bucket.list(ArtifactStore.checkpointPrefix(JOB));
            List<StoredObject> outputs = bucket.list(ArtifactStore.runPrefix(EXECUTION, spec.id()));
            List<Double> foldAuc = artifact.evaluation().folds().stream().map(f -> f.test().auc()).toList();
            String config = family(trainer, spec).config(params, new FitOptions(threads, TrainOptions.DEFAULT_SEED));
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(planOut.toFile(),
                    plan(spec, dataset, WalkForward.plan(dataset, folds), artifact, config,
                            params.integer("num_iterations")));

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("spec", spec.id());
            out.put("rows", dataset.rowCount());
            out.put("features", dataset.featureCount());
            out.put("folds", foldAuc.size());
            out.put("iterations", params.integer("num_iterations"));
            out.put("parse_s", (parsed - start) / 1e9);
            out.put("train_s", (done - parsed) / 1e9);
            out.put("job_s", (done - start) / 1e9);
            // where the folds' time went (the trainer's fold_complete events): the native fits score no rows
            out.put("fold_fit_s", foldSeconds(events, "fit"));
            out.put("fold_scoring_s", foldSeconds(events, "scoring"));
            out.put("fold_harness_s", foldSeconds(events, "harness"));
            out.put("baseline_rss_mb", baseline);
            out.put("peak_after_parse_mb", peakAfterParse);
            out.put("peak_rss_mb", peak);
            out.put("float_matrix_mb", (double) dataset.rowCount() * dataset.featureCount() * Float.BYTES / (1 << 20));
            out.put("checkpoints", checkpoints.size());
            out.put("checkpoint_mb", checkpoints.stream().mapToLong(StoredObject::size).sum() / 1e6);
            out.put("run_outputs", outputs.size());
            out.put("run_output_mb", outputs.stream().mapToLong(StoredObject::size).sum() / 1e6);
            out.put("fold_test_auc", foldAuc);
            out.put("aggregate_auc", artifact.evaluation().aggregate().get("auc"));
            System.out.println(new ObjectMapper().writeValueAsString(out));
        }
    }

    /** A part of the trained folds' wall time, summed over the folds. */
    private static double foldSeconds(List<Map<String, Object>> events, String part) {
        return events.stream().filter(e -> "fold_complete".equals(e.get("event")))
                .map(e -> (Map<?, ?>) ((Map<?, ?>) e.get("detail")).get("seconds"))
                .mapToDouble(seconds -> ((Number) seconds.get(part)).doubleValue()).sum();
    }

    /** A spec of the catalog, its kind and params as they are, its dataset the bench's file. */
    static ModelSpec spec(Path catalog, String id, Path data, String timeColumn, String targetColumn) {
        ModelSpec spec = ZooCatalog.load(catalog).spec(id)
                .orElseThrow(() -> new IllegalArgumentException("spec '" + id + "' is not in " + catalog));
        return new ModelSpec(spec.id(), spec.kind(), spec.label(),
                new DatasetRef(data.toAbsolutePath().toString(), timeColumn, targetColumn), spec.params(), spec.status());
    }

    /** The spec's data as TrainCommand loads it. */
    static Dataset load(ModelSpec spec, int threads, S3Client s3) {
        return new DatasetLoader(new S3ObjectSource(s3), threads).load(spec.dataset().uri(),
                ColumnRoles.of(spec.dataset().timeColumn(), spec.dataset().targetColumn()));
    }

    /** The spec's kind, which must be one of LightGBM's: the anchor is LightGBM itself. */
    static LightGbmFamily family(Trainer trainer, ModelSpec spec) {
        if (trainer.kinds().require(spec.id(), spec.kind()) instanceof LightGbmFamily family) {
            return family;
        }
        throw new IllegalArgumentException("spec '" + spec.id() + "' is of kind '" + spec.kind()
                + "': only LightGBM kinds have a native anchor");
    }

    private static Map<String, Object> plan(ModelSpec spec, Dataset dataset, List<Fold> folds,
                                            TrainedArtifact artifact, String config, int iterations) {
        List<Map<String, Object>> fits = new ArrayList<>();
        for (Fold fold : folds) {
            FoldResult result = artifact.evaluation().folds().get(fold.index());
            if (result.trainRows() != fold.train().count()) {
                throw new IllegalStateException("fold " + fold.index() + " trained on " + result.trainRows()
                        + " rows, the plan says " + fold.train().count());
            }
            Map<String, Object> fit = new LinkedHashMap<>();
            fit.put("name", "fold-" + fold.index());
            fit.put("train", range(fold.train()));
            fit.put("validation", range(fold.validation()));
            fit.put("test", range(fold.test()));
            fit.put("test_auc", result.test().auc());
            fits.add(fit);
        }
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("name", "final");
        last.put("train", range(dataset.all()));
        fits.add(last);

        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("spec", spec.id());
        plan.put("data", spec.dataset().uri());
        plan.put("time_column", spec.dataset().timeColumn());
        plan.put("target_column", spec.dataset().targetColumn());
        plan.put("rows", dataset.rowCount());
        plan.put("row_order", "time column ascending, stable (rows sharing a time keep their file order)");
        // the fits' own parameters, then what LightGBM's file parser needs to read the cut files
        plan.put("lightgbm_params", config + " num_iterations=" + iterations + " header=true label_column=name:"
                + spec.dataset().targetColumn() + " ignore_column=name:" + spec.dataset().timeColumn() + " metric=auc");
        plan.put("fits", fits);
        return plan;
    }

    private static Map<String, Object> range(Rows rows) {
        int positives = 0;
        for (int i = 0; i < rows.count(); i++) {
            positives += rows.label(i) == 1f ? 1 : 0;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("from", rows.from());
        r.put("to", rows.to());
        r.put("positives", positives);
        r.put("first_time", rows.firstTime());
        r.put("last_time", rows.lastTime());
        return r;
    }
}
