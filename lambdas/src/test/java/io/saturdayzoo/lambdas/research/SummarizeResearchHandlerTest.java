package io.saturdayzoo.lambdas.research;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.shadow.ShadowTrack;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.saturdayzoo.lambdas.testing.ZooFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@ExtendWith(ZooFixture.Extension.class)
class SummarizeResearchHandlerTest {

    /** The shape the trainer's research command writes, including fields the summary does not read. */
    private static final String REPORT = """
            {"execution_id": "exec-r", "generated_at": "2026-11-21T08:00:00Z",
             "champions": [
               {"label": "alpha", "version_id": "alpha#v3", "spec_id": "alpha-gbdt",
                "reference_window": {"from": "2026-01-01T00:00:00Z", "to": "2026-10-01T00:00:00Z", "rows": 900},
                "recent_window": {"from": "2026-10-01T00:00:00Z", "to": "2026-11-20T00:00:00Z", "rows": 120},
                "importance_gain": {"tenure": 120.5, "plan": 30.1},
                "psi": {"plan": 0.02, "tenure": 0.31, "region": 0.27, "age": 0.11},
                "drifted_features": ["tenure", "region"], "note": null},
               {"label": "beta", "version_id": "beta#v1", "spec_id": "beta-gbdt", "psi": {}, "drifted_features": []}],
             "skipped": [{"label": "gamma", "reason": "no champion yet"}]}
            """;

    private static void putReport(ZooFixture zoo, String executionId, String json) {
        zoo.artifacts().putBytes(ArtifactStore.researchReportKey(executionId), json.getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    @Test
    void summarizesTheMostDriftedFeaturesPerChampion(ZooFixture zoo) {
        putReport(zoo, "exec-r", REPORT);

        Map<String, Object> out = new SummarizeResearchHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-r\"}"), null);

        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) out.get("summary");
        assertThat(summary.get("labels")).isEqualTo(List.of(
                Map.of("label", "alpha", "version_id", "alpha#v3", "drifted_count", 2, "top_drifted", List.of(
                        Map.of("feature", "tenure", "psi", 0.31, "drifted", true),
                        Map.of("feature", "region", "psi", 0.27, "drifted", true),
                        Map.of("feature", "age", "psi", 0.11, "drifted", false))),
                Map.of("label", "beta", "version_id", "beta#v1", "drifted_count", 0, "top_drifted", List.of())));
        assertThat(summary.get("skipped")).isEqualTo(List.of(Map.of("label", "gamma", "reason", "no champion yet")));
        assertThat(summary.get("text")).isEqualTo("alpha (alpha#v3): 2 drifted; tenure 0.310*, region 0.270*, age 0.110"
                + " | beta (beta#v1): 0 drifted; no features measured | gamma: skipped (no champion yet)");
    }

    @Test
    void topIsConfigurablePerCall(ZooFixture zoo) {
        putReport(zoo, "exec-r", REPORT);

        Map<String, Object> out = new SummarizeResearchHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-r\", \"top\": 1}"), null);

        assertThat(out.get("summary").toString()).contains("tenure").doesNotContain("region");
    }

    @Test
    void missingReportFailsWithReportMissing(ZooFixture zoo) {
        ReportMissing error = catchThrowableOfType(ReportMissing.class, () -> new SummarizeResearchHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-none\"}"), null));

        assertThat(error.errorName()).isEqualTo("ReportMissing");
        assertThat(error.getMessage()).isEqualTo("execution 'exec-none': no research report at s3://" + zoo.bucket()
                + "/research/exec-none/report.json");
    }

    @Test
    void unreadableReportFailsWithReportMissing(ZooFixture zoo) {
        putReport(zoo, "exec-bad", "{\"champions\": \"not a list\"");

        ReportMissing error = catchThrowableOfType(ReportMissing.class, () -> new SummarizeResearchHandler(zoo.env())
                .handleRequest(event("{\"execution_id\": \"exec-bad\"}"), null));

        assertThat(error.getMessage()).startsWith("execution 'exec-bad': research report at s3://" + zoo.bucket()
                + "/research/exec-bad/report.json is not readable");
    }

    private static final String SHADOW_REPORT = """
            {"execution_id": "exec-w50", "champions": [], "skipped": [],
             "shadow": [
               {"version_id": "alpha#v3", "label": "alpha", "spec_id": "alpha-gbdt", "week": "2026-W50",
                "metrics": {"auc": 0.8123, "log_loss": 0.41}, "rows": 700, "execution_id": "exec-w50",
                "scored_at": "2026-12-12T06:10:00Z"}],
             "shadow_skipped": [{"version_id": "alpha#v4", "reason": "trained on rows up to 2026-12-13T23:59:00Z"}]}
            """;

    @Test
    void recordsEachShadowScoreOncePerVersionAndWeek(ZooFixture zoo) {
        putReport(zoo, "exec-w50", SHADOW_REPORT);
        putReport(zoo, "exec-w50-again", SHADOW_REPORT.replace("0.8123", "0.9"));
        SummarizeResearchHandler handler = new SummarizeResearchHandler(zoo.env());

        Map<String, Object> first = handler.handleRequest(event("{\"execution_id\": \"exec-w50\"}"), null);
        Map<String, Object> again = handler.handleRequest(event("{\"execution_id\": \"exec-w50-again\"}"), null);

        assertThat(first.get("summary").toString()).contains("recorded=true", "alpha#v4");
        assertThat(((Map<?, ?>) first.get("summary")).get("text").toString())
                .contains("shadow alpha#v3 2026-W50: auc 0.812 on 700 rows");
        assertThat(again.get("summary").toString()).contains("recorded=false");
        ShadowTrack track = new ShadowTrack(AwsClients.dynamoDb(zoo.env()), zoo.env().get("ZOO_TABLE"));
        assertThat(track.shadowScores("alpha#v3")).singleElement().satisfies(s -> {
            assertThat(s.week()).isEqualTo("2026-W50");
            assertThat(s.metrics()).containsEntry("auc", 0.8123); // the first score of the week stands
            assertThat(s.rows()).isEqualTo(700);
        });
    }
}
