package io.saturdayzoo.lambdas.evalgate;

import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.saturdayzoo.lambdas.testing.ZooFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(ZooFixture.Extension.class)
class EvalGateHandlerTest {

    private static final Instant LAST_WEEK = Instant.parse("2026-11-14T09:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-21T09:00:00Z");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byLabel(Map<String, Object> out) {
        Map<String, Map<String, Object>> result = new java.util.TreeMap<>();
        ((List<Map<String, Object>>) out.get("decisions")).forEach(d -> result.put((String) d.get("label"), d));
        return result;
    }

    /** alpha and beta have champions with auc 0.80; gamma has none. */
    private static void lastWeek(ZooFixture zoo) {
        zoo.registerRun("exec-last", "alpha-gbdt", "alpha", 0.80, LAST_WEEK);
        zoo.registerRun("exec-last", "beta-gbdt", "beta", 0.80, LAST_WEEK);
        zoo.registry().promote("alpha", 1, "exec-last");
        zoo.registry().promote("beta", 1, "exec-last");
    }

    @Test
    void promotesBetterOrUnchallengedCandidatesAndRejectsWorseOnes(ZooFixture zoo) {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.85, TODAY);
        zoo.registerRun("exec-now", "beta-gbdt", "beta", 0.75, TODAY);
        zoo.registerRun("exec-now", "gamma-dart", "gamma", 0.60, TODAY);

        Map<String, Map<String, Object>> decisions = byLabel(
                new EvalGateHandler(zoo.env()).handleRequest(event("{\"execution_id\": \"exec-now\"}"), null));

        assertThat(decisions.get("alpha")).containsEntry("decision", "PROMOTED").containsEntry("version", 2)
                .containsEntry("candidate_auc", 0.85).containsEntry("champion_auc", 0.80)
                .containsEntry("champion_version_id", "alpha#v1").containsEntry("already_decided", false);
        assertThat(decisions.get("beta")).containsEntry("decision", "REJECTED")
                .containsEntry("candidate_auc", 0.75).containsEntry("champion_auc", 0.80);
        assertThat(decisions.get("gamma")).containsEntry("decision", "PROMOTED").containsEntry("champion_auc", null)
                .containsEntry("reason", "no champion yet for label 'gamma'");

        assertThat(zoo.registry().champion("alpha")).map(ModelVersion::versionId).contains("alpha#v2");
        assertThat(zoo.registry().version("alpha", 1).orElseThrow().lifecycle()).isEqualTo(Lifecycle.RETIRED);
        assertThat(zoo.registry().champion("beta")).map(ModelVersion::versionId).contains("beta#v1");
        ModelVersion rejected = zoo.registry().version("beta", 2).orElseThrow();
        assertThat(rejected.lifecycle()).isEqualTo(Lifecycle.REJECTED);
        assertThat(rejected.lifecycleReason()).isEqualTo("auc 0.7500 vs champion beta#v1 0.8000 (min improvement 0.0000)");
        assertThat(zoo.registry().champion("gamma")).map(ModelVersion::versionId).contains("gamma#v1");
    }

    @Test
    void minimumImprovementComesFromTheEnvironment(ZooFixture zoo) {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.83, TODAY);

        Map<String, Map<String, Object>> decisions = byLabel(new EvalGateHandler(
                zoo.envWith(PromotionPolicy.MIN_DELTA_ENV, "0.05")).handleRequest(event("{\"execution_id\": \"exec-now\"}"), null));

        assertThat(decisions.get("alpha")).containsEntry("decision", "REJECTED");
        assertThat(zoo.registry().champion("alpha")).map(ModelVersion::versionId).contains("alpha#v1");
    }

    @Test
    void rerunReportsTheStandingDecisionsAndChangesNothing(ZooFixture zoo) {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.85, TODAY);
        zoo.registerRun("exec-now", "beta-gbdt", "beta", 0.75, TODAY);
        EvalGateHandler handler = new EvalGateHandler(zoo.env());
        handler.handleRequest(event("{\"execution_id\": \"exec-now\"}"), null);

        Map<String, Map<String, Object>> again = byLabel(handler.handleRequest(event("{\"execution_id\": \"exec-now\"}"), null));

        assertThat(again.get("alpha")).containsEntry("decision", "PROMOTED").containsEntry("already_decided", true);
        assertThat(again.get("beta")).containsEntry("decision", "REJECTED").containsEntry("already_decided", true)
                .containsEntry("reason", "auc 0.7500 vs champion beta#v1 0.8000 (min improvement 0.0000)");
        assertThat(zoo.registry().champion("alpha")).map(ModelVersion::versionId).contains("alpha#v2");
        assertThat(zoo.registry().version("beta", 2).orElseThrow().lifecycle()).isEqualTo(Lifecycle.REJECTED);
    }

    @Test
    void judgesOnlyThisExecutionsCandidates(ZooFixture zoo) {
        zoo.registerRun("exec-other", "delta-gbdt", "delta", 0.9, LAST_WEEK);
        zoo.registerRun("exec-now", "gamma-dart", "gamma", 0.7, TODAY);

        Map<String, Object> out = new EvalGateHandler(zoo.env()).handleRequest(event("{\"execution_id\": \"exec-now\"}"), null);

        assertThat(byLabel(out)).containsOnlyKeys("gamma");
        assertThat(zoo.registry().version("delta", 1).orElseThrow().lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
    }

    @Test
    void anExecutionWithoutCandidatesDecidesNothing(ZooFixture zoo) {
        assertThat(new EvalGateHandler(zoo.env()).handleRequest(event("{\"execution_id\": \"exec-empty\"}"), null))
                .isEqualTo(Map.of("decisions", List.of()));
    }

    @Test
    void badMinimumImprovementIsNamed(ZooFixture zoo) {
        assertThatThrownBy(() -> new EvalGateHandler(zoo.envWith(PromotionPolicy.MIN_DELTA_ENV, "a lot")))
                .hasMessage("ZOO_PROMOTION_MIN_DELTA: expected a number >= 0, got 'a lot'");
    }
}
