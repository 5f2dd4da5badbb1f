package io.saturdayzoo.training.lightgbm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.OffHeap;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.WalkForward;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.Trainer;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What LightGBM offers to do less work across walk-forward folds, beside what the trainer does. One strategy per JVM,
 * so peak RSS is that strategy's. Not a test.
 *
 * <pre>
 * FoldReuseBench STRATEGY CATALOG SPEC_ID DATA TIME_COLUMN LABEL_COLUMN THREADS FOLDS
 * </pre>
 * <ul>
 * <li>own-bins: the trainer's way. Each fold's training set, and the final model's, learns its bins from a sample of
 *     its own rows, then bins them ({@link SampledTrainingSet}).</li>
 * <li>all-rows-bins: one training set over every row (the final model's: bins from a sample of all rows), binned
 *     once; each fold trains on {@code LGBM_DatasetGetSubset} of its rows, which copies their bins. Leaks: a fold's
 *     bin boundaries come partly from rows after its test window.</li>
 * <li>first-fold-bins: fold 0's training set as the trainer builds it; then one set over every row binned with fold
 *     0's boundaries ({@code LGBM_DatasetCreateByReference} + push); later folds train on subsets of it and the final
 *     model on all of it. No leak (fold 0's rows come before every test window), but later folds and the final model
 *     bin with boundaries learned from the oldest rows only.</li>
 * </ul>
 * Each boosts the spec's iterations with the spec's LightGBM parameters and scores each fold's test rows. The data
 * is parsed before the clock starts. Prints one JSON line.
 */
public final class FoldReuseBench {
    private FoldReuseBench() {
    }

    public static void main(String[] args) throws Exception {
        String strategy = args[0];
        ModelSpec spec = JobBench.spec(Path.of(args[1]), args[2], Path.of(args[3]), args[4], args[5]);
        int threads = Integer.parseInt(args[6]);
        int folds = Integer.parseInt(args[7]);
        Trainer trainer = new Trainer();
        KindParams params = trainer.validate(spec);
        LightGbmFamily family = JobBench.family(trainer, spec);
        FitOptions fit = new FitOptions(threads, TrainOptions.DEFAULT_SEED);
        Dataset dataset = JobBench.load(spec, threads, null);
        List<Fold> plan = WalkForward.plan(dataset, folds);
        NativeLightGbm.load();
        double baseline = ProcessMemory.residentMb();

        Fits fits = new Fits(family.config(params, fit), params.integer("num_iterations"), dataset.featureNames());
        long start = System.nanoTime();
        List<Double> auc = switch (strategy) {
            case "own-bins" -> ownBins(family, params, fit, dataset, plan);
            case "all-rows-bins" -> allRowsBins(fits, dataset, plan);
            case "first-fold-bins" -> firstFoldBins(fits, dataset, plan);
            default -> throw new IllegalArgumentException("strategy: expected own-bins, all-rows-bins or "
                    + "first-fold-bins, got '" + strategy + "'");
        };
        double totalS = (System.nanoTime() - start) / 1e9;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("strategy", strategy);
        out.put("rows", dataset.rowCount());
        out.put("total_s", totalS);
        out.put("build_s", strategy.equals("own-bins") ? null : fits.buildNanos / 1e9);
        out.put("baseline_rss_mb", baseline);
        out.put("peak_rss_mb", ProcessMemory.peakMb());
        out.put("fold_test_auc", auc);
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    /** Today's trainer: {@link LightGbmFamily#fit} per fold and for the final model. */
    private static List<Double> ownBins(LightGbmFamily family, KindParams params, FitOptions fit, Dataset dataset,
                                        List<Fold> plan) {
        List<Double> auc = new ArrayList<>();
        for (Fold fold : plan) {
            try (FittedModel model = family.fit(fold.train(), fold.validation(), params, fit)) {
                auc.add(testAuc(model, fold));
            }
        }
        family.fit(dataset.all(), dataset.rows(dataset.rowCount(), dataset.rowCount()), params, fit).close();
        return auc;
    }

    private static List<Double> allRowsBins(Fits fits, Dataset dataset, List<Fold> plan) throws Exception {
        List<Double> auc = new ArrayList<>();
        try (LGBMDataset all = fits.timedBuild(() -> NativeLightGbm.trainingSet(dataset.all(), fits.config, fits.names))) {
            for (Fold fold : plan) {
                try (LGBMDataset train = fits.timedBuild(() -> subset(all, fold.train().count(), fits.config));
                     FittedModel model = fits.boost(train)) {
                    auc.add(testAuc(model, fold));
                }
            }
            fits.boost(all).close();
        }
        return auc;
    }

    private static List<Double> firstFoldBins(Fits fits, Dataset dataset, List<Fold> plan) throws Exception {
        List<Double> auc = new ArrayList<>();
        Fold first = plan.get(0);
        try (LGBMDataset firstTrain = fits.timedBuild(() -> NativeLightGbm.trainingSet(first.train(), fits.config, fits.names))) {
            try (FittedModel model = fits.boost(firstTrain)) {
                auc.add(testAuc(model, first));
            }
            try (LGBMDataset all = fits.timedBuild(() -> byReference(firstTrain, dataset.all()))) {
                for (Fold fold : plan.subList(1, plan.size())) {
                    try (LGBMDataset train = fits.timedBuild(() -> subset(all, fold.train().count(), fits.config));
                         FittedModel model = fits.boost(train)) {
                        auc.add(testAuc(model, fold));
                    }
                }
                fits.boost(all).close();
            }
        }
        return auc;
    }

    private static double testAuc(FittedModel model, Fold fold) {
        return BinaryMetrics.auc(fold.test().labels(), model.predict(fold.test()));
    }

    /** The first {@code rows} rows of a built set, their bins copied (LightGBM does not bin them again). */
    private static LGBMDataset subset(LGBMDataset full, int rows, String config) {
        ByteBuffer indices = OffHeap.allocate((long) rows * Integer.BYTES);
        SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
        try {
            IntBuffer view = indices.asIntBuffer();
            for (int i = 0; i < rows; i++) {
                view.put(i, i);
            }
            NativeLightGbm.check(lightgbmlib.LGBM_DatasetGetSubset(full.handle,
                    NativeLightGbm.pointer(SWIGTYPE_p_int.class, OffHeap.address(indices)), rows, config, out));
            return NativeLightGbm.wrap(lightgbmlib.voidpp_value(out));
        } finally {
            lightgbmlib.delete_voidpp(out);
            OffHeap.free(indices);
        }
    }

    /** A set over {@code rows} binned with {@code reference}'s bin boundaries: pushed from the buffer by address. */
    private static LGBMDataset byReference(LGBMDataset reference, Rows rows) {
        Dataset d = rows.dataset();
        ByteBuffer features = d.featureBuffer();
        ByteBuffer labels = OffHeap.allocate((long) rows.count() * Float.BYTES);
        SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
        try {
            NativeLightGbm.check(lightgbmlib.LGBM_DatasetCreateByReference(reference.handle, rows.count(), out));
            LGBMDataset dataset = NativeLightGbm.wrap(lightgbmlib.voidpp_value(out));
            // the push that brings in the last row makes LightGBM finish the set
            NativeLightGbm.check(lightgbmlib.LGBM_DatasetPushRows(dataset.handle,
                    NativeLightGbm.pointer(SWIGTYPE_p_void.class, OffHeap.address(features) + rows.byteOffset()),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT32, rows.count(), d.featureCount(), 0));
            rows.copyLabels(labels.asFloatBuffer());
            NativeLightGbm.check(lightgbmlib.LGBM_DatasetSetField(dataset.handle, "label",
                    NativeLightGbm.pointer(SWIGTYPE_p_void.class, OffHeap.address(labels)), rows.count(),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT32));
            return dataset;
        } finally {
            Reference.reachabilityFence(features);
            lightgbmlib.delete_voidpp(out);
            OffHeap.free(labels);
        }
    }

    /** Boosting on a prepared set as {@link LightGbmFamily#fit} does, with the time spent building sets summed up. */
    private static final class Fits {
        final String config;
        final int iterations;
        final List<String> names;
        long buildNanos;

        Fits(String config, int iterations, List<String> names) {
            this.config = config;
            this.iterations = iterations;
            this.names = names;
        }

        interface Build {
            LGBMDataset get() throws Exception;
        }

        LGBMDataset timedBuild(Build build) throws Exception {
            long t = System.nanoTime();
            LGBMDataset dataset = build.get();
            buildNanos += System.nanoTime() - t;
            return dataset;
        }

        FittedModel boost(LGBMDataset train) throws Exception {
            LGBMBooster booster = LGBMBooster.create(train, config);
            for (int i = 0; i < iterations; i++) {
                if (booster.updateOneIter()) {
                    break;
                }
            }
            return new LightGbmFamily.LightGbmModel(booster);
        }
    }
}
