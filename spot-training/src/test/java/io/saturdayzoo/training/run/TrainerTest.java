package io.saturdayzoo.training.run;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.training.TestData;
import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.testkind.LogisticKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {
    private static final Map<String, Object> SMALL = Map.of("num_iterations", 40, "num_leaves", 15);

    @Test
    void discoversBothShippedKindsAndTheTestOnlyKind() {
        assertThat(ModelKinds.discover().names()).contains("lightgbm", "lightgbm-dart", "test-logistic");
    }

    @Test
    void lightgbmLearnsTheSignalAndEveryFoldIsScoredOnLaterData() {
        List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        TrainedArtifact a = new Trainer().train(TestData.spec("churn-gbdt", "lightgbm", SMALL), TestData.dataset(),
                TrainOptions.defaults().withThreads(2).withEvents(TrainingEvents.to(events::add)));

        assertThat(a.evaluation().folds()).hasSize(3);
        for (FoldResult f : a.evaluation().folds()) {
            assertThat(f.trainTo()).isLessThanOrEqualTo(f.testFrom()); // never tested on its own past
            assertThat(f.test().auc()).isBetween(0.65, 0.95);
        }
        assertThat(a.evaluation().aggregate()).containsKeys("auc", "log_loss", "f1", "precision", "recall");
        assertThat(a.modelText()).startsWith("tree");
        assertThat(a.data().rows()).isEqualTo(TestData.ROWS);
        assertThat(events).extracting(e -> e.get("event")).containsExactly("training_started",
                "threshold_picked", "fold_complete", "threshold_picked", "fold_complete", "threshold_picked",
                "fold_complete", "training_complete");
        assertThat(events).filteredOn(e -> e.get("event").equals("fold_complete"))
                .extracting(e -> (Map<?, ?>) ((Map<?, ?>) e.get("detail")).get("seconds"))
                .allSatisfy(seconds -> {
                    assertThat(seconds.keySet()).asString().isEqualTo("[fit, scoring, harness]");
                    assertThat((Double) seconds.get("fit")).isPositive();
                    assertThat((Double) seconds.get("scoring")).isPositive();
                });
    }

    @Test
    void everyKindEmitsTheSameEventFieldsThroughTheSamePath() {
        Set<Set<String>> shapes = new java.util.HashSet<>();
        for (String kind : List.of("lightgbm", "lightgbm-dart", "test-logistic")) {
            List<Map<String, Object>> events = new ArrayList<>();
            Map<String, Object> params = kind.equals("test-logistic") ? Map.of("epochs", 5)
                    : Map.of("num_iterations", 15, "num_leaves", 15); // DART re-scores every tree each round: keep it short
            TrainedArtifact a = new Trainer().train(TestData.spec("s-" + kind, kind, params), TestData.dataset(),
                    TrainOptions.defaults().withThreads(2).withEvents(TrainingEvents.to(events::add)));
            assertThat(a.evaluation().aggregate().get("auc")).as(kind).isGreaterThan(0.55);
            events.forEach(e -> shapes.add(e.keySet()));
        }
        assertThat(shapes).hasSize(1);
        assertThat(shapes.iterator().next()).containsExactly("event", "ts", "spec_id", "kind", "label", "job_id",
                "execution_id", "fold", "detail");
    }

    @Test
    void sameSeedSameModel() {
        ModelSpec spec = TestData.spec("det", "lightgbm", SMALL);
        TrainOptions o = TrainOptions.defaults().withThreads(2).withFolds(1);
        assertThat(new Trainer().train(spec, TestData.dataset(), o).modelText())
                .isEqualTo(new Trainer().train(spec, TestData.dataset(), o).modelText());
    }

    @Test
    void unknownKindAndMistypedParamsAreRejectedNamingTheField() {
        Trainer t = new Trainer();
        assertThatThrownBy(() -> t.validate(TestData.spec("x", "xgboost", Map.of())))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("spec 'x': field 'kind': unknown value 'xgboost'").hasMessageContaining("lightgbm");
        assertThatThrownBy(() -> t.validate(TestData.spec("x", "lightgbm", Map.of("num_leaves", "many"))))
                .hasMessage("spec 'x': field 'params.num_leaves': expected an integer, got \"many\" (string)");
        assertThatThrownBy(() -> t.validate(TestData.spec("x", "lightgbm", Map.of("num_leaves", 3.5))))
                .hasMessageContaining("field 'params.num_leaves': expected an integer, got 3.5");
        assertThatThrownBy(() -> t.validate(TestData.spec("x", "lightgbm", Map.of("leaves", 3))))
                .hasMessageContaining("field 'params.leaves': unknown parameter for kind 'lightgbm'");
    }

    @Test
    void interruptedJobResumesWithoutRetrainingFinishedFolds(@TempDir Path dir) {
        ModelSpec spec = TestData.spec("resume", "test-logistic", Map.of("epochs", 5));
        CheckpointStore store = CheckpointStore.directory(dir);
        TrainOptions options = TrainOptions.defaults().withThreads(2).withCheckpoints(store).withIds("job-1", "ex-1");
        LogisticKind.FITS.set(0);
        // The Spot host goes away right after fold 1 is checkpointed.
        assertThatThrownBy(() -> new Trainer().train(spec, TestData.dataset(), options.withAfterFold(f -> {
            if (f.fold() == 1) {
                throw new IllegalStateException("spot interruption");
            }
        }))).hasMessage("spot interruption");
        assertThat(LogisticKind.FITS.get()).isEqualTo(2);

        List<Map<String, Object>> events = new ArrayList<>();
        TrainedArtifact resumed = new Trainer().train(spec, TestData.dataset(),
                options.withEvents(TrainingEvents.to(events::add)));
        assertThat(LogisticKind.FITS.get()).isEqualTo(2 + 1 + 1); // fold 2 and the final model only
        assertThat(resumed.resumedFolds()).isEqualTo(2);
        // only the fold trained this time says where its time went
        assertThat(events).filteredOn(e -> e.get("event").equals("fold_complete"))
                .extracting(e -> ((Map<?, ?>) e.get("detail")).containsKey("seconds"))
                .containsExactly(false, false, true);

        LogisticKind.FITS.set(0);
        TrainedArtifact fresh = new Trainer().train(spec, TestData.dataset(), TrainOptions.defaults().withThreads(2));
        assertThat(LogisticKind.FITS.get()).isEqualTo(4);
        assertThat(resumed.evaluation()).isEqualTo(fresh.evaluation());
        assertThat(resumed.modelText()).isEqualTo(fresh.modelText());
    }
}
