package io.saturdayzoo.lambdas.research;

import io.saturdayzoo.core.research.ResearchReport;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.shadow.ShadowScore;
import io.saturdayzoo.core.shadow.ShadowTrack;
import io.saturdayzoo.lambdas.common.TypedHandler;
import io.saturdayzoo.lambdas.research.ResearchSummary.FeatureDrift;
import io.saturdayzoo.lambdas.research.ResearchSummary.LabelDrift;
import io.saturdayzoo.lambdas.research.ResearchSummary.ShadowRecorded;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SummarizeResearch: turns the Research job's report into a few lines for the success notification: for each
 * champion, its most drifted features (highest PSI first) and which of them the Research job flagged; labels it
 * skipped, with the reason. It also records the report's shadow scores (each live version on the newest week's rows)
 * as the versions' shadow track record ({@link ShadowTrack}, one item per version and week, the first score of a
 * week standing): the Research job only reads the table, and this Lambda's one table write is that PutItem.
 * The state is fail-soft in the definition; a missing or unreadable report fails with error "ReportMissing".
 * <p>In: {@link ResearchRequest}. Out: {@link ResearchSummary}.
 */
public final class SummarizeResearchHandler extends TypedHandler<ResearchRequest, ResearchSummary> {

    public static final int DEFAULT_TOP = 3;

    private final ArtifactStore artifacts;
    private final ShadowTrack shadow;

    public SummarizeResearchHandler() {
        this(System.getenv());
    }

    /** ZOO_BUCKET, ZOO_TABLE (and the endpoint overrides) from {@code env}. */
    public SummarizeResearchHandler(Map<String, String> env) {
        ZooEnv zoo = ZooEnv.from(env);
        this.artifacts = new ArtifactStore(AwsClients.s3(env), zoo.bucket());
        this.shadow = new ShadowTrack(AwsClients.dynamoDb(env), zoo.table());
    }

    @Override
    protected ResearchSummary answer(ResearchRequest request) {
        String executionId = request.executionId();
        int top = request.top() == null ? DEFAULT_TOP : request.top();
        ResearchReport report = read(executionId);

        List<LabelDrift> labels = report.champions().stream().map(c -> champion(c, top)).toList();
        List<ShadowRecorded> shadowScores = new ArrayList<>();
        for (ShadowScore score : report.shadow()) {
            shadowScores.add(new ShadowRecorded(score.versionId(), score.week(),
                    score.metrics().get(ShadowScore.AUC), score.rows(), shadow.record(score)));
        }
        return new ResearchSummary(new ResearchSummary.Summary(executionId, labels, report.skipped(), shadowScores,
                report.shadowSkipped(), text(report, labels)));
    }

    private ResearchReport read(String executionId) {
        String key = ArtifactStore.researchReportKey(executionId);
        String where = "s3://" + artifacts.bucket() + "/" + key;
        byte[] bytes = artifacts.getBytes(key).orElseThrow(() -> new ReportMissing(
                "execution '" + executionId + "': no research report at " + where));
        try {
            return ZooJson.mapper().readValue(bytes, ResearchReport.class);
        } catch (IOException e) {
            throw new ReportMissing("execution '" + executionId + "': research report at " + where
                    + " is not readable: " + e.getMessage(), e);
        }
    }

    private static LabelDrift champion(ResearchReport.ChampionFindings c, int top) {
        List<FeatureDrift> features = c.psi().entrySet().stream()
                .filter(e -> e.getValue() != null && Double.isFinite(e.getValue()))
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .map(e -> new FeatureDrift(e.getKey(), e.getValue(), c.driftedFeatures().contains(e.getKey())))
                .toList();
        return new LabelDrift(c.label(), c.versionId(), features, c.driftedFeatures().size());
    }

    /** "churn (churn#v3): 1 drifted; tenure_days 0.310*, plan 0.020 | fraud: skipped (no champion yet)". */
    private static String text(ResearchReport report, List<LabelDrift> labels) {
        List<String> parts = new ArrayList<>();
        for (LabelDrift l : labels) {
            String body = l.topDrifted().isEmpty() ? "no features measured" : l.topDrifted().stream()
                    .map(f -> f.feature() + " " + String.format(Locale.ROOT, "%.3f", f.psi()) + (f.drifted() ? "*" : ""))
                    .collect(Collectors.joining(", "));
            parts.add(l.label() + " (" + l.versionId() + "): " + l.driftedCount() + " drifted; " + body);
        }
        report.skipped().forEach(s -> parts.add(s.label() + ": skipped (" + s.reason() + ")"));
        report.shadow().forEach(s -> parts.add("shadow " + s.versionId() + " " + s.week() + ": auc "
                + (s.metrics().get(ShadowScore.AUC) == null ? "-"
                        : String.format(Locale.ROOT, "%.3f", s.metrics().get(ShadowScore.AUC)))
                + " on " + s.rows() + " rows"));
        return parts.isEmpty() ? "research report lists no champions" : String.join(" | ", parts);
    }
}
