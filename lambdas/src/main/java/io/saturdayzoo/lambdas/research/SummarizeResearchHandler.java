package io.saturdayzoo.lambdas.research;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.ZooHandler;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * SummarizeResearch: turns the Research job's report into a few lines for the success notification: the most
 * drifted features of each label. The state is fail-soft in the definition; a missing or unreadable report fails
 * with error "ReportMissing".
 * <p>In: {"execution_id", "top": int (optional, features per label, default 3)}.
 * <p>Out: {"summary": {"execution_id", "labels": [{"label", "top_drifted": [{"feature", "drift"}]}], "text"}}.
 */
public final class SummarizeResearchHandler extends ZooHandler {

    public static final int DEFAULT_TOP = 3;

    private final ArtifactStore artifacts;

    public SummarizeResearchHandler() {
        this(System.getenv());
    }

    public SummarizeResearchHandler(Map<String, String> env) {
        this.artifacts = new ArtifactStore(AwsClients.s3(env), ZooEnv.from(env).bucket());
    }

    @Override
    protected Map<String, Object> handle(Payload payload) {
        String executionId = payload.requiredText("execution_id");
        int top = payload.optionalPositiveInt("top").orElse(DEFAULT_TOP);
        String key = ArtifactStore.researchReportKey(executionId);
        String where = "s3://" + artifacts.bucket() + "/" + key;
        byte[] bytes = artifacts.getBytes(key).orElseThrow(() -> new ReportMissing(
                "execution '" + executionId + "': no research report at " + where));
        ResearchReport report;
        try {
            report = ZooJson.mapper().readValue(bytes, ResearchReport.class);
        } catch (IOException e) {
            throw new ReportMissing("execution '" + executionId + "': research report at " + where
                    + " is not readable: " + e.getMessage(), e);
        }

        List<Map<String, Object>> labels = report.labels().stream()
                .filter(l -> l.label() != null)
                .map(l -> labelSummary(l, top))
                .toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("execution_id", executionId);
        summary.put("labels", labels);
        summary.put("text", labels.isEmpty() ? "research report lists no labels" : text(labels));
        return Map.of("summary", summary);
    }

    private static Map<String, Object> labelSummary(ResearchReport.LabelDrift label, int top) {
        List<Map<String, Object>> features = label.features().stream()
                .filter(f -> f.name() != null && f.drift() != null && Double.isFinite(f.drift()))
                .sorted(Comparator.comparing(ResearchReport.FeatureDrift::drift).reversed()
                        .thenComparing(ResearchReport.FeatureDrift::name))
                .limit(top)
                .map(f -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("feature", f.name());
                    m.put("drift", f.drift());
                    return m;
                })
                .toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", label.label());
        out.put("top_drifted", features);
        return out;
    }

    /** "churn: tenure_days 0.310, plan 0.120; fraud: no drift measured". */
    @SuppressWarnings("unchecked")
    private static String text(List<Map<String, Object>> labels) {
        return labels.stream().map(l -> {
            List<Map<String, Object>> features = (List<Map<String, Object>>) l.get("top_drifted");
            String body = features.isEmpty() ? "no drift measured" : features.stream()
                    .map(f -> f.get("feature") + " " + String.format(Locale.ROOT, "%.3f", (Double) f.get("drift")))
                    .collect(Collectors.joining(", "));
            return Objects.toString(l.get("label")) + ": " + body;
        }).collect(Collectors.joining("; "));
    }
}
