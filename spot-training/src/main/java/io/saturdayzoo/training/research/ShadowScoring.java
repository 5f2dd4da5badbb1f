package io.saturdayzoo.training.research;

import io.saturdayzoo.core.research.ResearchReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.shadow.IsoWeek;
import io.saturdayzoo.core.shadow.ShadowScore;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.ensemble.EnsembleKinds;
import io.saturdayzoo.training.eval.MetricException;
import io.saturdayzoo.training.eval.SplitMetrics;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.scoring.ScoringModel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The shadow track record's weekly entry: every live version of a label scored, as it scores ({@link ScoringModel}:
 * real LightGBM inference and its calibrator), on the newest ISO week's rows of its dataset. A version is live when
 * it is the champion, still awaiting a decision (CANDIDATE, or a waiting state the gate adds), or was trained in the
 * last {@link #RECENT} (so a fresh challenger the gate turned down keeps a record to compare with). A version whose
 * training cutoff falls inside or after the week trained on some of its rows: it is skipped, and the report says so.
 */
final class ShadowScoring {
    /** A version trained this recently stays live whatever its lifecycle. */
    static final Duration RECENT = Duration.ofDays(28);
    /** Fewer rows than this in the week say too little to record. */
    static final int MIN_ROWS = 50;
    /** Lifecycles a version does not come back from; such a version is live only while recent. */
    private static final Set<String> DECIDED = Set.of(Lifecycle.RETIRED.name(), Lifecycle.REJECTED.name(), "SUPERSEDED");

    /** Shadow scores and the versions skipped, of one label. */
    record Outcome(List<ShadowScore> scores, List<ResearchReport.ShadowSkipped> skipped) {
    }

    private final ModelRegistry registry;
    private final ModelKinds kinds;
    private final EnsembleKinds ensembles;

    ShadowScoring(ModelRegistry registry, ModelKinds kinds, EnsembleKinds ensembles) {
        this.registry = registry;
        this.kinds = kinds;
        this.ensembles = ensembles;
    }

    static boolean live(ModelVersion v, Instant now) {
        return !DECIDED.contains(v.lifecycle().name()) || v.completedAt().isAfter(now.minus(RECENT));
    }

    /** @param datasets loads (or returns the loaded) dataset of a version */
    Outcome score(String executionId, String label, Function<ModelVersion, Dataset> datasets, Instant now) {
        List<ShadowScore> scores = new java.util.ArrayList<>();
        List<ResearchReport.ShadowSkipped> skipped = new java.util.ArrayList<>();
        for (ModelVersion version : registry.versions(label)) {
            if (!live(version, now)) {
                continue;
            }
            try {
                ShadowScore score = scoreOne(executionId, version, datasets.apply(version), now, skipped);
                if (score != null) {
                    scores.add(score);
                }
            } catch (RuntimeException e) {
                // one version's problem must not hide the others' scores
                skipped.add(new ResearchReport.ShadowSkipped(version.versionId(), String.valueOf(e.getMessage())));
            }
        }
        return new Outcome(scores, skipped);
    }

    private ShadowScore scoreOne(String executionId, ModelVersion version, Dataset data, Instant now,
                                 List<ResearchReport.ShadowSkipped> skipped) {
        IsoWeek week = IsoWeek.containing(Instant.ofEpochSecond(data.time(data.rowCount() - 1)));
        JsonNode evaluation = registry.artifacts().getJson(version.artifactPrefix() + ArtifactStore.EVALUATION_FILE,
                JsonNode.class).orElseThrow(() -> new IllegalStateException(version.versionId() + " has no "
                + ArtifactStore.EVALUATION_FILE));
        Instant cutoff = Instant.ofEpochSecond(evaluation.path("data").path("to_epoch_second").asLong());
        if (!cutoff.isBefore(week.start())) {
            skipped.add(new ResearchReport.ShadowSkipped(version.versionId(), "trained on rows up to " + cutoff
                    + ", inside or after " + week + " (the newest week): nothing of that week is unseen by it"));
            return null;
        }
        Rows rows = data.rows(data.firstRowAtOrAfter(week.start().getEpochSecond()),
                data.firstRowAtOrAfter(week.end().getEpochSecond()));
        if (rows.count() < MIN_ROWS) {
            skipped.add(new ResearchReport.ShadowSkipped(version.versionId(), week + " holds " + rows.count()
                    + " rows of " + data.source() + ", fewer than " + MIN_ROWS));
            return null;
        }
        Map<String, Double> metrics;
        try (ScoringModel model = ScoringModel.load(registry, version, kinds, ensembles)) {
            metrics = SplitMetrics.of(version.versionId() + " on " + week, rows.labels(), model.score(rows),
                    evaluation.path("decision_threshold").asDouble(0.5)).asMap();
        } catch (MetricException oneClass) {
            skipped.add(new ResearchReport.ShadowSkipped(version.versionId(), oneClass.getMessage()));
            return null;
        }
        return new ShadowScore(version.versionId(), version.label(), version.specId(), week.toString(), metrics,
                rows.count(), executionId, now);
    }
}
