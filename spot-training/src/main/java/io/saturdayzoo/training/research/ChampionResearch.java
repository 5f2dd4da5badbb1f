package io.saturdayzoo.training.research;

import io.saturdayzoo.core.research.ResearchReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetLoader;
import io.saturdayzoo.training.data.ObjectSource;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.ensemble.EnsembleKinds;
import io.saturdayzoo.training.eval.MetricException;
import io.saturdayzoo.training.eval.SplitMetrics;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.scoring.ScoringModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Research job: for every label with a champion, load the champion as it scores ({@link ScoringModel}: model and
 * calibrator, or an ensemble over its bases), rank features by gain, and measure per-feature drift (PSI) between the
 * rows the champion was trained on and the rows that arrived after it; then score both windows with it, for the
 * drift of its scores and, on the new rows, how it did (AUC, Brier, ECE, F1 at its decision threshold). Then, for
 * every label, the shadow scores of its live versions on the newest week ({@link ShadowScoring}).
 */
public final class ChampionResearch {
    /** When no row is newer than the champion's window, compare against this newest share of the data instead. */
    static final double FALLBACK_RECENT_SHARE = 0.1;

    private final ModelRegistry registry;
    private final ZooCatalog catalog;
    private final DatasetLoader loader;
    private final ModelKinds kinds;
    private final EnsembleKinds ensembles;
    private final ShadowScoring shadow;

    public ChampionResearch(ModelRegistry registry, ZooCatalog catalog, ObjectSource s3, int threads) {
        this.registry = registry;
        this.catalog = catalog;
        this.loader = new DatasetLoader(s3, threads);
        this.kinds = ModelKinds.discover();
        this.ensembles = EnsembleKinds.discover();
        this.shadow = new ShadowScoring(registry, kinds, ensembles);
    }

    public ResearchReport run(String executionId) {
        List<ResearchReport.ChampionFindings> findings = new ArrayList<>();
        List<ResearchReport.Skipped> skipped = new ArrayList<>();
        Map<String, Dataset> datasets = new HashMap<>();
        for (String label : new TreeSet<>(registry.latestVersions().keySet())) {
            Optional<ModelVersion> champion = registry.champion(label);
            if (champion.isEmpty()) {
                skipped.add(new ResearchReport.Skipped(label, "no champion yet"));
                continue;
            }
            try {
                findings.add(study(champion.get(), datasets));
            } catch (RuntimeException e) {
                // one label's problem must not hide the others' findings
                skipped.add(new ResearchReport.Skipped(label, String.valueOf(e.getMessage())));
            }
        }
        Instant now = Instant.now();
        List<io.saturdayzoo.core.shadow.ShadowScore> shadowScores = new ArrayList<>();
        List<ResearchReport.ShadowSkipped> shadowSkipped = new ArrayList<>();
        for (String label : new TreeSet<>(registry.latestVersions().keySet())) {
            ShadowScoring.Outcome outcome = shadow.score(executionId, label, v -> load(v, datasets), now);
            shadowScores.addAll(outcome.scores());
            shadowSkipped.addAll(outcome.skipped());
        }
        ResearchReport report = new ResearchReport(executionId, now, findings, skipped, shadowScores, shadowSkipped);
        registry.artifacts().putJson(ArtifactStore.researchReportKey(executionId), report);
        return report;
    }

    private Dataset load(ModelVersion version, Map<String, Dataset> datasets) {
        return datasets.computeIfAbsent(version.datasetRef().uri(), uri -> loader.load(uri,
                ColumnRoles.of(version.datasetRef().timeColumn(), version.datasetRef().targetColumn())));
    }

    private ResearchReport.ChampionFindings study(ModelVersion champion, Map<String, Dataset> datasets) {
        ArtifactStore store = registry.artifacts();
        ModelSpec spec = catalog.spec(champion.specId()).orElseThrow(() -> new IllegalStateException(
                "spec '" + champion.specId() + "' of champion " + champion.versionId() + " is not in the catalog"));
        JsonNode evaluation = store.getJson(champion.artifactPrefix() + ArtifactStore.EVALUATION_FILE, JsonNode.class)
                .orElseThrow(() -> new IllegalStateException("champion " + champion.versionId() + " has no "
                        + ArtifactStore.EVALUATION_FILE));
        long trainedTo = evaluation.path("data").path("to_epoch_second").asLong();
        long trainedFrom = evaluation.path("data").path("from_epoch_second").asLong();
        Dataset data = load(champion, datasets);

        int refFrom = data.firstRowAtOrAfter(trainedFrom);
        int refTo = data.firstRowAtOrAfter(trainedTo + 1);
        String note = null;
        Rows recent = data.rows(refTo, data.rowCount());
        if (recent.count() < 50) {
            int from = (int) (data.rowCount() * (1 - FALLBACK_RECENT_SHARE));
            recent = data.rows(from, data.rowCount());
            refTo = Math.min(refTo, from);
            note = "no data newer than the champion's training window; compared its newest "
                    + (int) (FALLBACK_RECENT_SHARE * 100) + "% with the rows before";
        }
        Rows reference = data.rows(Math.min(refFrom, refTo), refTo);
        if (reference.count() < 50) {
            throw new IllegalStateException("dataset " + data.source() + " holds " + reference.count()
                    + " rows of the champion's training window: too few to compare");
        }

        Map<String, Double> importance;
        ResearchReport.Scores scores;
        try (ScoringModel model = ScoringModel.load(registry, champion, kinds, ensembles)) {
            importance = sortedDescending(model.featureImportance(data.featureNames()));
            scores = scores(champion, model, reference, recent, note == null,
                    evaluation.path("decision_threshold").asDouble(0.5));
        }
        Map<String, Double> psi = new LinkedHashMap<>();
        for (int f = 0; f < data.featureCount(); f++) {
            psi.put(data.featureNames().get(f), Math.round(Psi.of(reference, recent, f) * 1e6) / 1e6);
        }
        psi = sortedDescending(psi);
        List<String> drifted = psi.entrySet().stream().filter(e -> e.getValue() > Psi.DRIFTED)
                .map(Map.Entry::getKey).toList();
        return new ResearchReport.ChampionFindings(champion.label(), champion.versionId(), spec.id(),
                window(reference), window(recent), importance, psi, drifted, scores, note);
    }

    /**
     * The champion's scores on both windows: their PSI, means, and on rows newer than its training (never on rows
     * it trained on) its metrics at its decision threshold; null metrics when there are no such rows or they hold
     * one class only.
     */
    private static ResearchReport.Scores scores(ModelVersion champion, ScoringModel model, Rows reference, Rows recent,
                                                boolean recentIsNew, double threshold) {
        double[] before = model.score(reference);
        double[] after = model.score(recent);
        Map<String, Double> metrics = null;
        float[] labels = recent.labels();
        if (recentIsNew) {
            try {
                metrics = SplitMetrics.of("champion " + champion.versionId() + " on new rows", labels, after,
                        threshold).asMap();
            } catch (MetricException oneClass) {
                metrics = null; // the note-free window still says how the scores moved
            }
        }
        return new ResearchReport.Scores(model.calibrator().method().wireName(),
                Math.round(Psi.of(before, after) * 1e6) / 1e6, mean(before), mean(after), metrics);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    private static ResearchReport.Window window(Rows r) {
        return new ResearchReport.Window(Instant.ofEpochSecond(r.firstTime()), Instant.ofEpochSecond(r.lastTime()),
                r.count());
    }

    private static Map<String, Double> sortedDescending(Map<String, Double> in) {
        Map<String, Double> out = new LinkedHashMap<>();
        in.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
