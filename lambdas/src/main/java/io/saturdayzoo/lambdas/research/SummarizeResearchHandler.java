package io.saturdayzoo.lambdas.research;

import io.saturdayzoo.core.research.ResearchReport;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.shadow.ShadowScore;
import io.saturdayzoo.core.shadow.ShadowTrack;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.ZooHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
 * <p>In: {"execution_id", "top": int (optional, features per label, default 3)}.
 * <p>Out: {"summary": {"execution_id", "labels": [{"label", "version_id", "top_drifted": [{"feature", "psi",
 * "drifted"}], "drifted_count"}], "skipped": [{"label", "reason"}], "shadow": [{"version_id", "week", "auc", "rows",
 * "recorded"}], "shadow_skipped": [{"version_id", "reason"}], "text"}}; recorded is false when the week already had
 * that version's score.
 */
public final class SummarizeResearchHandler extends ZooHandler {

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
    protected Map<String, Object> handle(Payload payload) {
        String executionId = payload.requiredText("execution_id");
        int top = payload.optionalPositiveInt("top").orElse(DEFAULT_TOP);
        ResearchReport report = read(executionId);

        List<Map<String, Object>> labels = report.champions().stream().map(c -> champion(c, top)).toList();
        List<Map<String, Object>> skipped = report.skipped().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", s.label());
            m.put("reason", s.reason());
            return m;
        }).toList();
        List<Map<String, Object>> shadowScores = new ArrayList<>();
        for (ShadowScore score : report.shadow()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version_id", score.versionId());
            m.put("week", score.week());
            m.put(ShadowScore.AUC, score.metrics().get(ShadowScore.AUC));
            m.put("rows", score.rows());
            m.put("recorded", shadow.record(score));
            shadowScores.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("execution_id", executionId);
        summary.put("labels", labels);
        summary.put("skipped", skipped);
        summary.put("shadow", shadowScores);
        summary.put("shadow_skipped", report.shadowSkipped().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version_id", k.versionId());
            m.put("reason", k.reason());
            return m;
        }).toList());
        summary.put("text", text(report, labels));
        return Map.of("summary", summary);
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

    private static Map<String, Object> champion(ResearchReport.ChampionFindings c, int top) {
        List<Map<String, Object>> features = c.psi().entrySet().stream()
                .filter(e -> e.getValue() != null && Double.isFinite(e.getValue()))
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("feature", e.getKey());
                    m.put("psi", e.getValue());
                    m.put("drifted", c.driftedFeatures().contains(e.getKey()));
                    return m;
                })
                .toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", c.label());
        out.put("version_id", c.versionId());
        out.put("top_drifted", features);
        out.put("drifted_count", c.driftedFeatures().size());
        return out;
    }

    /** "churn (churn#v3): 1 drifted; tenure_days 0.310*, plan 0.020 | fraud: skipped (no champion yet)". */
    @SuppressWarnings("unchecked")
    private static String text(ResearchReport report, List<Map<String, Object>> labels) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> l : labels) {
            List<Map<String, Object>> features = (List<Map<String, Object>>) l.get("top_drifted");
            String body = features.isEmpty() ? "no features measured" : features.stream()
                    .map(f -> f.get("feature") + " " + String.format(Locale.ROOT, "%.3f", (Double) f.get("psi"))
                            + (Boolean.TRUE.equals(f.get("drifted")) ? "*" : ""))
                    .collect(Collectors.joining(", "));
            parts.add(l.get("label") + " (" + l.get("version_id") + "): " + l.get("drifted_count") + " drifted; " + body);
        }
        report.skipped().forEach(s -> parts.add(s.label() + ": skipped (" + s.reason() + ")"));
        report.shadow().forEach(s -> parts.add("shadow " + s.versionId() + " " + s.week() + ": auc "
                + (s.metrics().get(ShadowScore.AUC) == null ? "-"
                        : String.format(Locale.ROOT, "%.3f", s.metrics().get(ShadowScore.AUC)))
                + " on " + s.rows() + " rows"));
        return parts.isEmpty() ? "research report lists no champions" : String.join(" | ", parts);
    }
}
