package io.saturdayzoo.training.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.gate.BacktestReport;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetLoader;
import io.saturdayzoo.training.data.ObjectSource;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.ensemble.EnsembleKinds;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.output.LastFoldFile;
import io.saturdayzoo.training.output.RunFiles;
import io.saturdayzoo.training.scoring.ScoringModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Backtest job: for every label with a pending candidate and a champion, both are scored on the same rows, the
 * ones neither has seen. The candidate is judged by its last walk-forward fold's model (through that fold's
 * calibrator), which saw the rows up to the end of that fold's validation part; the champion by the model it serves,
 * which saw every row up to its training end. The window is the newest candidate's dataset after the later of the
 * two cutoffs. A candidate without a last-fold model (an ensemble) is scored with its final model and cutoff. Both
 * scorings are real LightGBM inference through {@link ScoringModel}. The job measures; EvalGate decides from
 * research/{execution}/backtest.json ({@link BacktestReport}).
 */
public final class Backtest {
    static final String LAST_FOLD = "last_fold";
    static final String FINAL = "final";

    private final ModelRegistry registry;
    private final DatasetLoader loader;
    private final ModelKinds kinds;
    private final EnsembleKinds ensembles;

    public Backtest(ModelRegistry registry, ObjectSource s3, int threads) {
        this.registry = registry;
        this.loader = new DatasetLoader(s3, threads);
        this.kinds = ModelKinds.discover();
        this.ensembles = EnsembleKinds.discover();
    }

    public BacktestReport run(String executionId) {
        List<BacktestReport.LabelBacktest> labels = new ArrayList<>();
        Map<String, Dataset> datasets = new HashMap<>();
        for (String label : new TreeSet<>(registry.latestVersions().keySet())) {
            Optional<ModelVersion> candidate = registry.versions(label).stream()
                    .filter(v -> v.lifecycle() == Lifecycle.CANDIDATE)
                    .max(Comparator.comparingInt(ModelVersion::versionNumber));
            Optional<ModelVersion> champion = registry.champion(label);
            if (candidate.isEmpty() || champion.isEmpty()) {
                continue; // nothing to judge, or nothing to beat: the gate needs no backtest
            }
            long started = System.nanoTime();
            try {
                labels.add(measure(candidate.get(), champion.get(), datasets, started));
            } catch (RuntimeException e) {
                // one label's problem is that label's verdict (champion kept, saying why), never the others'
                labels.add(new BacktestReport.LabelBacktest(label, candidate.get().datasetRef().uri(), 0, null, null,
                        0, 0, new BacktestReport.Scored(candidate.get().versionId(), null, 0,
                        candidate.get().metrics().get("auc"), null, null),
                        new BacktestReport.Scored(champion.get().versionId(), FINAL, 0, null, null, null),
                        "backtest failed: " + e.getMessage(), seconds(started)));
            }
        }
        BacktestReport report = new BacktestReport(executionId, labels);
        registry.artifacts().putJson(BacktestReport.key(executionId), report);
        return report;
    }

    private BacktestReport.LabelBacktest measure(ModelVersion candidate, ModelVersion champion,
                                                 Map<String, Dataset> datasets, long started) {
        long championCutoff = trainedTo(champion);
        Optional<LastFoldFile> lastFold = registry.artifacts().getJson(
                candidate.artifactPrefix() + RunFiles.LAST_FOLD, LastFoldFile.class);
        Optional<ScoringModel> lastFoldModel = ScoringModel.loadLastFold(registry, candidate, kinds);
        String candidateModel = lastFoldModel.isPresent() ? LAST_FOLD : FINAL;
        long candidateCutoff = lastFoldModel.isPresent() ? lastFold.orElseThrow().sawThroughEpochSecond()
                : trainedTo(candidate);
        long cutoff = Math.max(championCutoff, candidateCutoff);
        Dataset data = datasets.computeIfAbsent(candidate.datasetRef().uri(), uri -> loader.load(uri,
                ColumnRoles.of(candidate.datasetRef().timeColumn(), candidate.datasetRef().targetColumn())));
        Rows window = data.rows(data.firstRowAtOrAfter(cutoff + 1), data.rowCount());
        int positives = 0;
        float[] labels = window.labels();
        for (float y : labels) {
            positives += y == 1f ? 1 : 0;
        }
        Double[] candidateMetrics = {null, null};
        Double[] championMetrics = {null, null};
        try (ScoringModel candidateScoring = lastFoldModel.orElseGet(() -> ScoringModel.load(registry, candidate,
                kinds, ensembles));
             ScoringModel championScoring = ScoringModel.load(registry, champion, kinds, ensembles)) {
            if (positives > 0 && positives < labels.length) {
                candidateMetrics = metrics(labels, candidateScoring.score(window));
                championMetrics = metrics(labels, championScoring.score(window));
            }
        }
        return new BacktestReport.LabelBacktest(candidate.label(), data.source(), cutoff,
                window.isEmpty() ? null : window.firstTime(), window.isEmpty() ? null : window.lastTime(),
                window.count(), positives,
                new BacktestReport.Scored(candidate.versionId(), candidateModel, candidateCutoff,
                        candidate.metrics().get("auc"), candidateMetrics[0], candidateMetrics[1]),
                new BacktestReport.Scored(champion.versionId(), FINAL, championCutoff, champion.metrics().get("auc"),
                        championMetrics[0], championMetrics[1]),
                null, seconds(started));
    }

    private static Double[] metrics(float[] labels, double[] scores) {
        return new Double[] {BinaryMetrics.auc(labels, scores), BinaryMetrics.logLoss(labels, scores)};
    }

    /** The newest row time a version's final model saw (its evaluation.json's data window). */
    private long trainedTo(ModelVersion version) {
        JsonNode to = registry.artifacts().getJson(version.artifactPrefix() + ArtifactStore.EVALUATION_FILE,
                        JsonNode.class)
                .map(e -> e.path("data").path("to_epoch_second"))
                .orElseThrow(() -> new IllegalStateException(version.versionId() + " has no "
                        + ArtifactStore.EVALUATION_FILE));
        if (!to.canConvertToLong()) {
            throw new IllegalStateException(version.versionId() + "'s " + ArtifactStore.EVALUATION_FILE
                    + " does not say up to when it trained (data.to_epoch_second)");
        }
        return to.asLong();
    }

    private static double seconds(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e6) / 1e3;
    }
}
