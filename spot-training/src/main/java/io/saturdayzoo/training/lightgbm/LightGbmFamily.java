package io.saturdayzoo.training.lightgbm;

import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import io.saturdayzoo.training.balance.ClassWeighting;
import io.saturdayzoo.training.balance.ClassWeights;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.kind.Cluster;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.kind.ParamSchema;
import io.saturdayzoo.training.search.SearchSpace;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** The boosting kinds LightGBM provides; a subclass only names its boosting type and its extra params. */
abstract class LightGbmFamily implements ModelKind {

    // The params this class reads itself as well as passing them on to LightGBM.
    private static final String OBJECTIVE = "objective";
    private static final String NUM_ITERATIONS = "num_iterations";
    private static final String FORCE_ROW_WISE = "force_row_wise";
    private static final String SCALE_POS_WEIGHT = "scale_pos_weight";
    private static final String IS_UNBALANCE = "is_unbalance";

    /** LightGBM's "boosting" value: gbdt, dart, ... */
    protected abstract String boosting();

    /** Params shared by every LightGBM kind; subclasses add their own. */
    protected ParamSchema commonParams() {
        return new ParamSchema()
                .choice(OBJECTIVE, "binary") // the trainer's metrics and threshold are for binary labels
                .integer(NUM_ITERATIONS, 100)
                .decimal("learning_rate", 0.1)
                .integer("num_leaves", 31)
                .integer("max_depth", -1)
                .integer("min_data_in_leaf", 20)
                .decimal("min_sum_hessian_in_leaf", 1e-3)
                .decimal("feature_fraction", 1.0)
                .decimal("bagging_fraction", 1.0)
                .integer("bagging_freq", 0)
                .decimal("lambda_l1", 0.0)
                .decimal("lambda_l2", 0.0)
                .integer("max_bin", 255)
                .decimal("min_gain_to_split", 0.0)
                .decimal(SCALE_POS_WEIGHT, 1.0)
                .bool(IS_UNBALANCE, false)
                .bool(FORCE_ROW_WISE, false);
    }

    /** The search space shared by LightGBM's kinds; a subclass may add its own dimensions. */
    @Override
    public SearchSpace searchSpace() {
        return SearchSpace.NONE
                .decimalLog("learning_rate", 0.01, 0.3)
                .integerLog("num_leaves", 7, 255)
                .integerLog("min_data_in_leaf", 5, 200)
                .decimal("feature_fraction", 0.5, 1.0)
                .decimalLog("lambda_l2", 1e-3, 10);
    }

    /** The harness's weight goes to scale_pos_weight; a spec weighting classes by hand sets one of these itself. */
    @Override
    public ClassWeighting classWeighting() {
        return ClassWeighting.scalePosWeight(SCALE_POS_WEIGHT, IS_UNBALANCE);
    }

    @Override
    public FittedModel fit(Rows train, Rows validation, KindParams params, FitOptions options) {
        String config = config(params, options);
        List<String> names = train.dataset().featureNames();
        try (LGBMDataset data = NativeLightGbm.trainingSet(train, config, names)) {
            return new LightGbmModel(boost(LGBMBooster.create(data, config), params));
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM (" + name() + "): " + e.getMessage(), e);
        }
    }

    /**
     * A LightGBM parent continues on the same features, in the same order (its trees split on feature positions).
     * {@link LightGbmDartKind} refuses every parent.
     */
    @Override
    public Optional<String> whyNoWarmStart(FittedModel parent, List<String> featureNames) {
        if (!(parent instanceof LightGbmModel model)) {
            return Optional.of("the parent's model is not a LightGBM model");
        }
        List<String> theirs = model.featureNames();
        if (!theirs.equals(featureNames)) {
            return Optional.of("the parent's model has features " + theirs + ", these rows have " + featureNames);
        }
        return Optional.empty();
    }

    /**
     * LightGBM's init_model, as its Python package does it: the parent's raw scores of these rows become the rows'
     * init_score (so the new trees fit what the parent left), then LGBM_BoosterMerge puts the parent's trees in
     * front of the new ones, giving one model file.
     */
    @Override
    public FittedModel fitFrom(FittedModel parent, Rows train, KindParams params, FitOptions options) {
        whyNoWarmStart(parent, train.dataset().featureNames()).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        LGBMBooster from = ((LightGbmModel) parent).booster;
        double[] parentScores = NativeLightGbm.rawScores(from, train, NativeLightGbm.ALL_ITERATIONS);
        String config = config(params, options);
        try (LGBMDataset data = NativeLightGbm.trainingSet(train, config, train.dataset().featureNames())) {
            data.setField("init_score", parentScores);
            LGBMBooster booster = boost(LGBMBooster.create(data, config), params);
            NativeLightGbm.mergeInFront(booster, from);
            return new LightGbmModel(booster);
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM (" + name() + "): " + e.getMessage(), e);
        }
    }

    private static LGBMBooster boost(LGBMBooster booster, KindParams params) throws LGBMException {
        int iterations = params.integer(NUM_ITERATIONS);
        for (int i = 0; i < iterations; i++) {
            if (booster.updateOneIter()) {
                break; // LightGBM found nothing left to split
            }
        }
        return booster;
    }

    /** LightGBM's data-parallel learner: every machine builds histograms of its rows, one tree is grown from their sum. */
    @Override
    public boolean supportsDistributed() {
        return true;
    }

    @Override
    public AutoCloseable joinCluster(Cluster cluster) {
        return NativeLightGbm.joinNetwork(cluster);
    }

    @Override
    public FittedModel load(String modelText) {
        NativeLightGbm.load();
        try {
            return new LightGbmModel(LGBMBooster.loadModelFromString(modelText));
        } catch (LGBMException e) {
            throw new IllegalArgumentException("not a LightGBM model: " + e.getMessage(), e);
        }
    }

    /**
     * LightGBM's own "key=value ..." parameter string. Deterministic so the same seed gives the same model.
     *
     * <p>The histogram layout is always forced, because LightGBM's automatic choice times both layouts on the first
     * iteration and can pick either from run to run. Column-wise by default, because row-wise keeps a second,
     * row-major copy of every bin: one byte per value (28 MB at 1M x 28), for 10-15% faster iterations
     * (bench/RESULTS.md has both). A spec with memory to spare sets {@code force_row_wise: true}.
     */
    String config(KindParams params, FitOptions options) {
        StringJoiner out = new StringJoiner(" ");
        out.add("objective=binary").add("boosting=" + boosting()).add("verbosity=-1")
                .add("num_threads=" + options.threads()).add("seed=" + options.seed())
                .add("deterministic=true");
        ClassWeights weights = options.classWeights();
        for (Map.Entry<String, Object> e : params.asMap().entrySet()) {
            boolean weighted = weights != null && e.getKey().equals(SCALE_POS_WEIGHT);
            if (!e.getKey().equals(NUM_ITERATIONS) && !e.getKey().equals(OBJECTIVE) && !weighted) { // set elsewhere
                out.add(e.getKey() + "=" + value(e.getValue()));
            }
        }
        if (weights != null) {
            out.add(SCALE_POS_WEIGHT + "=" + value(weights.positiveWeight()));
        }
        if (!params.bool(FORCE_ROW_WISE)) {
            out.add("force_col_wise=true");
        }
        if (options.distributed()) {
            // each machine passes its own rows (pre_partition: LightGBM partitions nothing itself)
            out.add("tree_learner=data").add("num_machines=" + options.machines()).add("pre_partition=true");
        }
        return out.toString();
    }

    private static String value(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%s", d) : String.valueOf(v);
    }

    /** A LightGBM booster behind the kind-neutral model interface. */
    static final class LightGbmModel implements FittedModel {
        private final LGBMBooster booster;

        LightGbmModel(LGBMBooster booster) {
            this.booster = booster;
        }

        @Override
        public double[] predict(Rows rows) {
            return NativeLightGbm.predict(booster, rows, "");
        }

        /** The feature names the model was trained with, in its column order. */
        List<String> featureNames() {
            try {
                return List.of(booster.getFeatureNames());
            } catch (LGBMException e) {
                throw new IllegalStateException("LightGBM: " + e.getMessage(), e);
            }
        }

        /** Raw scores (before the sigmoid) of these rows from the model's first {@code iterations} iterations. */
        double[] rawScores(Rows rows, int iterations) {
            return NativeLightGbm.rawScores(booster, rows, iterations);
        }

        @Override
        public String modelText() {
            try {
                return booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
            } catch (LGBMException e) {
                throw new IllegalStateException("LightGBM: " + e.getMessage(), e);
            }
        }

        @Override
        public Map<String, Double> featureImportance(List<String> featureNames) {
            try {
                double[] gain = booster.featureImportance(0, LGBMBooster.FeatureImportanceType.GAIN);
                Map<String, Double> out = new java.util.LinkedHashMap<>();
                for (int i = 0; i < gain.length && i < featureNames.size(); i++) {
                    out.put(featureNames.get(i), gain[i]);
                }
                return out;
            } catch (LGBMException e) {
                throw new IllegalStateException("LightGBM: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                booster.close();
            } catch (LGBMException e) {
                throw new IllegalStateException("LightGBM: " + e.getMessage(), e);
            }
        }
    }
}
