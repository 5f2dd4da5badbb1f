package io.saturdayzoo.training.run;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SearchRequest;
import io.saturdayzoo.training.HarnessData;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.WalkForward;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.search.SearchResult;
import io.saturdayzoo.training.testkind.LogisticKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A spec's search, run by the harness on the walk-forward folds' training and validation parts only. */
class SearchTrainingTest {

    @Test
    void everyTrialIsRecordedAndTheFinalModelTrainsWithTheBest() {
        Dataset data = HarnessData.balanced();
        ModelSpec spec = HarnessData.spec("searched", "lightgbm", data, Map.of("num_iterations", 20))
                .withSearch(new SearchRequest(6, "auc"));
        List<Map<String, Object>> events = new ArrayList<>();
        TrainedArtifact a = new Trainer().train(spec, data, options().withEvents(TrainingEvents.to(events::add)));

        SearchResult search = a.harness().search();
        assertThat(search.trials()).hasSize(6);
        assertThat(search.metric()).isEqualTo("auc");
        assertThat(search.trials().get(0).params()).isEqualTo(new Trainer().validate(spec).asMap());
        search.trials().forEach(t -> {
            assertThat(t.params()).containsEntry("num_iterations", 20); // the spec fixes it
            assertThat(t.foldMetrics()).isNotEmpty().allSatisfy(m -> assertThat(m).isBetween(0.5, 1.0));
        });
        assertThat(new HashSet<>(search.trials().stream().map(t -> t.params().get("learning_rate")).toList()))
                .hasSize(6);
        assertThat(a.params()).isEqualTo(search.bestTrial().params());
        assertThat(a.harness().options()).containsKey("search");
        assertThat(events.stream().filter(e -> e.get("event").equals("search_trial"))).hasSize(6);
        Map<String, Object> complete = events.stream().filter(e -> e.get("event").equals("search_complete"))
                .findFirst().orElseThrow();
        assertThat(detail(complete)).containsEntry("best_trial", search.best()).containsEntry("trials", 6)
                .containsEntry("fits", search.fits());
        assertThat(events.indexOf(complete)).isLessThan(events.indexOf(events.stream()
                .filter(e -> e.get("event").equals("fold_complete")).findFirst().orElseThrow()));
    }

    /** What the search fitted and scored, row range by row range: training parts and validation parts only. */
    @Test
    void theSearchNeverSeesATestPartOfItsFoldNorTheNewestRows() {
        Dataset data = HarnessData.balanced();
        List<Fold> folds = WalkForward.plan(data, 3);
        LogisticKind.SEEN.clear();
        TrainedArtifact a = new Trainer().train(HarnessData.spec("seen", "test-logistic", data, Map.of())
                .withSearch(new SearchRequest(5, "log_loss")), data, options());

        List<String> searchPhase = LogisticKind.SEEN.subList(0, 2 * a.harness().search().fits());
        Set<String> allowed = new HashSet<>();
        for (Fold f : folds) {
            allowed.add("fit 0-" + f.train().to());
            allowed.add("predict " + f.validation().from() + "-" + f.validation().to());
        }
        assertThat(allowed).containsAll(searchPhase);
        int newest = folds.get(folds.size() - 1).test().from();
        assertThat(searchPhase).allSatisfy(s -> assertThat(Integer.parseInt(s.replaceAll(".*-", "")))
                .isLessThanOrEqualTo(newest));
        // after the search: the evaluation folds (and only then the test parts), then the final model on every row
        assertThat(LogisticKind.SEEN.subList(2 * a.harness().search().fits(), LogisticKind.SEEN.size()))
                .contains("predict " + newest + "-" + data.rowCount(), "fit 0-" + data.rowCount());
    }

    @Test
    void anInterruptedJobReadsItsFinishedSearchBack(@TempDir Path dir) {
        Dataset data = HarnessData.balanced();
        ModelSpec spec = HarnessData.spec("resume", "test-logistic", data, Map.of())
                .withSearch(new SearchRequest(4, "auc"));
        TrainOptions options = options().withCheckpoints(CheckpointStore.directory(dir));
        TrainedArtifact first = new Trainer().train(spec, data, options);
        LogisticKind.FITS.set(0);
        List<Map<String, Object>> events = new ArrayList<>();
        TrainedArtifact again = new Trainer().train(spec, data, options.withEvents(TrainingEvents.to(events::add)));

        assertThat(LogisticKind.FITS.get()).isZero(); // search, folds and final model all read back
        assertThat(again.harness().search()).isEqualTo(first.harness().search());
        assertThat(events).filteredOn(e -> e.get("event").equals("search_complete")).singleElement()
                .satisfies(e -> assertThat(detail(e)).containsEntry("resumed_from_checkpoint", true));
    }

    @Test
    void aSearchTheSpecCannotHaveIsRefusedNamingTheField() {
        Dataset data = HarnessData.balanced();
        Trainer trainer = new Trainer();
        assertThatThrownBy(() -> trainer.validate(HarnessData.spec("s", "lightgbm", data, Map.of())
                .withSearch(new SearchRequest(4, "accuracy"))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec 's': field 'search.metric': unknown value 'accuracy' (expected auc|log_loss|brier)");
        assertThatThrownBy(() -> trainer.validate(HarnessData.spec("s", "test-logistic", data,
                Map.of("step", 0.1, "epochs", 3)).withSearch(new SearchRequest(4, "auc"))))
                .hasMessage("spec 's': field 'search': the spec sets every param the search could vary (step, epochs);"
                        + " leave some out of params");
    }

    /** A cost ledger reserves for every fit a job will run: all trials on all folds, the folds, the final model. */
    @Test
    void theFitsAJobWillRunAreKnownBeforeItStarts() {
        Dataset data = HarnessData.balanced();
        Trainer trainer = new Trainer();
        assertThat(trainer.plannedFits(HarnessData.spec("s", "lightgbm", data, Map.of()), 3).total()).isEqualTo(4);
        FitPlan searched = trainer.plannedFits(HarnessData.spec("s", "lightgbm", data, Map.of())
                .withSearch(new SearchRequest(10, "auc")), 3);
        assertThat(searched).isEqualTo(new FitPlan(30, 3, 1));
        assertThat(searched.total()).isEqualTo(34);
        assertThat(trainer.plannedFits(HarnessData.spec("e", "blend", data, Map.of())
                .withBases(List.of("a", "b")), 3)).isEqualTo(FitPlan.NONE);
    }

    /** The ledger's estimate (core, which cannot call the trainer) counts the fits the trainer plans. */
    @Test
    void theLedgersFitCountIsTheTrainersPlan() {
        Dataset data = HarnessData.balanced();
        Trainer trainer = new Trainer();
        assertThat(io.saturdayzoo.core.ledger.CostEstimate.TRAINER_FOLDS)
                .isEqualTo(io.saturdayzoo.training.eval.WalkForward.DEFAULT_FOLDS);
        for (int trials : List.of(0, 1, 10)) {
            var spec = HarnessData.spec("s", "lightgbm", data, Map.of());
            if (trials > 0) {
                spec = spec.withSearch(new SearchRequest(trials, "auc"));
            }
            assertThat(io.saturdayzoo.core.ledger.CostEstimate.plannedFits(trials,
                    io.saturdayzoo.core.ledger.CostEstimate.TRAINER_FOLDS)).as("%d trials", trials)
                    .isEqualTo(trainer.plannedFits(spec, io.saturdayzoo.core.ledger.CostEstimate.TRAINER_FOLDS)
                            .total());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }

    private static TrainOptions options() {
        return TrainOptions.defaults().withThreads(1);
    }

}
