package io.saturdayzoo.training.search;

import io.saturdayzoo.training.kind.KindParams;
import io.saturdayzoo.training.kind.ParamSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The search on a known landscape: the best learning rate is 0.1, a fold's metric falls off around it. */
class HyperparameterSearchTest {
    private static final ParamSchema SCHEMA = new ParamSchema().decimal("learning_rate", 0.5).integer("num_leaves", 31);
    private static final SearchSpace SPACE = SearchSpace.NONE.decimalLog("learning_rate", 0.01, 1.0)
            .integerLog("num_leaves", 4, 64);

    private static double landscape(int fold, KindParams p) {
        return 0.9 - Math.abs(Math.log10(p.decimal("learning_rate") / 0.1)) * 0.2 - fold * 0.01;
    }

    @Test
    void theSpecsOwnParamsComeFirstThenQuasiRandomPointsAndTheBestMeanWins() {
        List<Trial> heard = new ArrayList<>();
        SearchResult r = HyperparameterSearch.run(16, SearchMetric.AUC, SPACE, 3, Map.of("num_leaves", 31),
                raw -> SCHEMA.resolve("s", "k", raw), HyperparameterSearchTest::landscape, heard::add);

        assertThat(r.trials()).hasSize(16).isEqualTo(heard);
        assertThat(r.trials().get(0).params()).containsEntry("learning_rate", 0.5).containsEntry("num_leaves", 31);
        assertThat(new HashSet<>(r.trials().stream().map(t -> t.params().get("learning_rate")).toList())).hasSize(16);
        r.trials().forEach(t -> assertThat((double) t.params().get("learning_rate")).isBetween(0.01, 1.0));
        // num_leaves is set by the spec: it stays fixed even though the space lists it
        Trial best = r.bestTrial();
        assertThat(best.pruned()).isFalse();
        assertThat(best.foldMetrics()).hasSize(3);
        for (Trial t : r.trials()) {
            if (!t.pruned()) {
                assertThat(best.mean()).isGreaterThanOrEqualTo(t.mean());
            }
        }
        assertThat((double) best.params().get("learning_rate")).isBetween(0.05, 0.2);
    }

    @Test
    void trialsWorseThanTheMedianAfterAFoldAreStoppedThere() {
        SearchResult r = HyperparameterSearch.run(12, SearchMetric.AUC, SPACE.without(List.of("num_leaves")), 3,
                Map.of(), raw -> SCHEMA.resolve("s", "k", raw), HyperparameterSearchTest::landscape, t -> { });

        assertThat(r.prunedTrials()).isGreaterThan(0);
        assertThat(r.trials().subList(0, HyperparameterSearch.PRUNING_STARTS_AFTER)).noneMatch(Trial::pruned);
        r.trials().stream().filter(Trial::pruned).forEach(t -> assertThat(t.foldMetrics()).hasSizeLessThan(3));
        assertThat(r.fits()).isEqualTo(r.trials().stream().mapToInt(t -> t.foldMetrics().size()).sum())
                .isLessThan(12 * 3);
    }

    @Test
    void lowerIsBetterForLossMetrics() {
        SearchResult r = HyperparameterSearch.run(8, SearchMetric.LOG_LOSS, SPACE, 2, Map.of(),
                raw -> SCHEMA.resolve("s", "k", raw), (f, p) -> p.decimal("learning_rate"), t -> { });
        r.trials().stream().filter(t -> !t.pruned())
                .forEach(t -> assertThat(r.bestTrial().mean()).isLessThanOrEqualTo(t.mean()));
    }
}
