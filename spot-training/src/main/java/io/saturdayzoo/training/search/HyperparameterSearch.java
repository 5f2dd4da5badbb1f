package io.saturdayzoo.training.search;

import io.saturdayzoo.training.kind.KindParams;
import org.apache.commons.math3.random.SobolSequenceGenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A quasi-random search with median pruning, run on the walk-forward folds' training and validation parts only.
 *
 * <p>Written here because no hyper-parameter search library for the JVM resolves on the build's Maven mirror; the
 * points come from commons-math's Sobol sequence, which covers a box far more evenly than random draws at a few
 * dozen trials. Trial 0 is the spec's own params, so a search never registers a model worse than no search would
 * have on the metric it compares. After each fold but the last, a trial whose metric is worse than the median of
 * the earlier trials at that fold (once {@link #PRUNING_STARTS_AFTER} trials reached it) is pruned: its remaining
 * folds are not fitted.
 */
public final class HyperparameterSearch {
    /** Trials that must have reached a fold before any trial is pruned there. */
    public static final int PRUNING_STARTS_AFTER = 2;

    /** Fits a model with these params on one fold's training part and returns the metric on its validation part. */
    @FunctionalInterface
    public interface FoldScorer {
        double score(int fold, KindParams params);
    }

    private HyperparameterSearch() {
    }

    /**
     * @param trials  how many parameter sets to try, the spec's own first
     * @param space   the dimensions to vary (already without the params the spec fixes)
     * @param specParams the spec's own params as written (fixed in every trial)
     * @param resolve turns raw params into typed, complete ones (the kind's ParamSchema)
     * @param onTrial hears each trial as it ends (events)
     */
    public static SearchResult run(int trials, SearchMetric metric, SearchSpace space, int folds,
                                   Map<String, Object> specParams, Function<Map<String, Object>, KindParams> resolve,
                                   FoldScorer scorer, Consumer<Trial> onTrial) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        if (space.isEmpty()) {
            throw new IllegalArgumentException("nothing to search: no dimension left to vary");
        }
        long started = System.nanoTime();
        List<List<Double>> reached = new ArrayList<>(); // per fold: metrics of earlier trials that reached it
        for (int f = 0; f < folds; f++) {
            reached.add(new ArrayList<>());
        }
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(space.dimensions().size());
        sobol.nextVector(); // the first point is the all-zero corner: every range's minimum at once
        List<Trial> done = new ArrayList<>();
        int fits = 0;
        int best = -1;
        for (int t = 0; t < trials; t++) {
            long trialStart = System.nanoTime();
            Map<String, Object> raw = new LinkedHashMap<>(specParams);
            if (t > 0) {
                double[] u = sobol.nextVector();
                for (int d = 0; d < u.length; d++) {
                    SearchSpace.Dimension dimension = space.dimensions().get(d);
                    raw.put(dimension.name(), dimension.at(u[d]));
                }
            }
            KindParams params = resolve.apply(raw);
            List<Double> foldMetrics = new ArrayList<>();
            boolean pruned = false;
            for (int f = 0; f < folds && !pruned; f++) {
                double value = scorer.score(f, params);
                fits++;
                foldMetrics.add(value);
                pruned = f < folds - 1 && worseThanMedian(metric, value, reached.get(f));
                reached.get(f).add(value);
            }
            double mean = foldMetrics.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            Trial trial = new Trial(t, params.asMap(), foldMetrics, mean, pruned,
                    (System.nanoTime() - trialStart) / 1e9);
            done.add(trial);
            onTrial.accept(trial);
            if (!pruned && (best < 0 || metric.better(mean, done.get(best).mean()))) {
                best = t;
            }
        }
        return new SearchResult(metric.wireName(), trials, folds, space.describe(), done, best, fits,
                (System.nanoTime() - started) / 1e9);
    }

    private static boolean worseThanMedian(SearchMetric metric, double value, List<Double> earlier) {
        if (earlier.size() < PRUNING_STARTS_AFTER) {
            return false;
        }
        double[] sorted = earlier.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return metric.better(median, value);
    }
}
