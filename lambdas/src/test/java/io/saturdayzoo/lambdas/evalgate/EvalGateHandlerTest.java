package io.saturdayzoo.lambdas.evalgate;

import io.saturdayzoo.core.gate.BacktestReport;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.LifecycleChanges;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.shadow.ShadowScore;
import io.saturdayzoo.core.research.ResearchReport;
import io.saturdayzoo.lambdas.research.SummarizeResearchHandler;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.saturdayzoo.lambdas.testing.ZooFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The gate's decisions over the registry, with the Backtest job's report arranged in the bucket (the report's
 * numbers come from real LightGBM scoring in spot-training's BacktestTest; here they are the gate's input).
 */
@ExtendWith(ZooFixture.Extension.class)
class EvalGateHandlerTest {

    private static final Instant LAST_WEEK = Instant.parse("2026-11-14T09:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-21T09:00:00Z");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byVersion(Map<String, Object> out) {
        Map<String, Map<String, Object>> result = new java.util.TreeMap<>();
        ((List<Map<String, Object>>) out.get("decisions")).forEach(d -> result.put((String) d.get("version_id"), d));
        return result;
    }

    private static Map<String, Object> gate(ZooFixture zoo, String executionId) {
        return new EvalGateHandler(zoo.env()).handleRequest(event("{\"execution_id\": \"" + executionId + "\"}"), null);
    }

    private static BacktestReport.LabelBacktest measured(String label, String candidate, String champion, int rows,
                                                         double candidateAuc, double championAuc) {
        return new BacktestReport.LabelBacktest(label, "s3://test-data/datasets/" + label + "/", 1_000L, 1_001L,
                2_000L, rows, rows / 4, new BacktestReport.Scored(candidate, "last_fold", 900L, 0.99, candidateAuc, 0.4),
                new BacktestReport.Scored(champion, "final", 1_000L, 0.70, championAuc, 0.5), null, 0.3);
    }

    private static void report(ZooFixture zoo, String executionId, BacktestReport.LabelBacktest... labels) {
        zoo.artifacts().putJson(BacktestReport.key(executionId), new BacktestReport(executionId, List.of(labels)));
    }

    /** alpha and beta have champions (v1); gamma has none. */
    private static void lastWeek(ZooFixture zoo) {
        zoo.registerRun("exec-last", "alpha-gbdt", "alpha", 0.80, LAST_WEEK);
        zoo.registerRun("exec-last", "beta-gbdt", "beta", 0.80, LAST_WEEK);
        zoo.registry().promote("alpha", 1, "exec-last");
        zoo.registry().promote("beta", 1, "exec-last");
    }

    @Test
    void decidesOnTheSharedWindowNotOnTheWalkForwardAuc(ZooFixture zoo) {
        lastWeek(zoo);
        // walk-forward AUCs point the other way: alpha's candidate reports less, beta's more
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.60, TODAY);
        zoo.registerRun("exec-now", "beta-gbdt", "beta", 0.99, TODAY);
        zoo.registerRun("exec-now", "gamma-dart", "gamma", 0.60, TODAY);
        report(zoo, "exec-now", measured("alpha", "alpha#v2", "alpha#v1", 500, 0.84, 0.80),
                measured("beta", "beta#v2", "beta#v1", 500, 0.70, 0.80));

        Map<String, Map<String, Object>> decisions = byVersion(gate(zoo, "exec-now"));

        assertThat(decisions.get("alpha#v2")).containsEntry("decision", "PROMOTED")
                .containsEntry("champion_version_id", "alpha#v1");
        assertThat(decisions.get("beta#v2")).containsEntry("decision", "REJECTED");
        assertThat((String) decisions.get("beta#v2").get("reason")).contains("does not beat the champion on 500 shared rows",
                "auc 0.7000 vs champion beta#v1 0.8000");
        assertThat(decisions.get("gamma#v1")).containsEntry("decision", "PROMOTED")
                .containsEntry("reason", "no champion yet for label 'gamma'");
        assertThat(zoo.registry().champion("alpha")).map(ModelVersion::versionId).contains("alpha#v2");
        assertThat(zoo.registry().version("alpha", 1).orElseThrow().lifecycle()).isEqualTo(Lifecycle.RETIRED);
        ModelVersion rejected = zoo.registry().version("beta", 2).orElseThrow();
        assertThat(rejected.lifecycle()).isEqualTo(Lifecycle.REJECTED);
        // the judgement is recorded on the version: window, rows, both metrics, verdict and reason
        assertThat(rejected.gate()).containsEntry("verdict", "REJECTED").containsEntry("min_rows", 200)
                .containsEntry("reason", rejected.lifecycleReason());
        @SuppressWarnings("unchecked")
        Map<String, Object> backtest = (Map<String, Object>) rejected.gate().get("backtest");
        assertThat(backtest).containsEntry("rows", 500).containsEntry("window_from", 1_001).containsEntry("window_to", 2_000);
        assertThat((Map<String, Object>) backtest.get("champion")).containsEntry("auc", 0.80).containsEntry("log_loss", 0.5);
    }

    @Test
    void fewerRowsThanTheMinimumKeepTheChampionAndSaySo(ZooFixture zoo) {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.95, TODAY);
        report(zoo, "exec-now", measured("alpha", "alpha#v2", "alpha#v1", 150, 0.99, 0.60));

        Map<String, Map<String, Object>> decisions = byVersion(gate(zoo, "exec-now"));

        assertThat(decisions.get("alpha#v2")).containsEntry("decision", "REJECTED");
        assertThat((String) decisions.get("alpha#v2").get("reason"))
                .startsWith("champion alpha#v1 kept: only 150 rows (37 positive) after both training cutoffs (min_rows 200)");
        assertThat(zoo.registry().champion("alpha")).map(ModelVersion::versionId).contains("alpha#v1");
    }

    @Test
    void policyComesFromTheCatalogsGateSettings(ZooFixture zoo) throws IOException {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.83, TODAY);
        report(zoo, "exec-now", measured("alpha", "alpha#v2", "alpha#v1", 120, 0.83, 0.80));
        Path catalog = Files.createTempFile("gate-catalog", ".json");
        Files.writeString(catalog, ZooFixture.CATALOG.replace("\"budget\": 2,",
                "\"budget\": 2, \"gate\": {\"min_delta\": 0.05, \"min_rows\": 100},"));

        Map<String, Object> out = new EvalGateHandler(zoo.envWith("ZOO_CATALOG", catalog.toString()))
                .handleRequest(event("{\"execution_id\": \"exec-now\"}"), null);

        assertThat(byVersion(out).get("alpha#v2")).containsEntry("decision", "REJECTED");
        assertThat((String) byVersion(out).get("alpha#v2").get("reason")).contains("min improvement 0.0500");
    }

    @Test
    void judgesEveryPendingCandidateOfAnyExecutionNewestFirstAndSupersedesTheOlderOnes(ZooFixture zoo) {
        lastWeek(zoo);
        // a failed run left alpha#v2 and delta#v1, a run with skip_eval_gate alpha#v3; none was judged
        zoo.registerRun("exec-failed", "alpha-gbdt", "alpha", 0.81, LAST_WEEK.plusSeconds(3600));
        zoo.registerRun("exec-failed", "delta-gbdt", "delta", 0.70, LAST_WEEK.plusSeconds(3600));
        zoo.registerRun("exec-skipped", "alpha-gbdt", "alpha", 0.82, LAST_WEEK.plusSeconds(7200));
        report(zoo, "exec-now", measured("alpha", "alpha#v3", "alpha#v1", 400, 0.85, 0.80));

        Map<String, Map<String, Object>> decisions = byVersion(gate(zoo, "exec-now"));

        assertThat(decisions).containsOnlyKeys("alpha#v3", "alpha#v2", "delta#v1");
        assertThat(decisions.get("alpha#v3")).containsEntry("decision", "PROMOTED");
        assertThat(decisions.get("alpha#v2")).containsEntry("decision", "SUPERSEDED")
                .containsEntry("reason", "replaced by the newer candidate alpha#v3, judged in its place");
        assertThat(decisions.get("delta#v1")).containsEntry("decision", "PROMOTED");
        assertThat(zoo.registry().version("alpha", 2).orElseThrow().lifecycle()).isEqualTo(Lifecycle.SUPERSEDED);
        assertThat(zoo.registry().candidates()).isEmpty();
        assertThat(zoo.registry().lifecycle().audit("alpha")).extracting(LifecycleChanges.AuditEntry::versionId,
                        LifecycleChanges.AuditEntry::from, LifecycleChanges.AuditEntry::to, LifecycleChanges.AuditEntry::by)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("alpha#v1", Lifecycle.CANDIDATE, Lifecycle.CHAMPION, "exec-last"),
                        org.assertj.core.groups.Tuple.tuple("alpha#v3", Lifecycle.CANDIDATE, Lifecycle.CHAMPION, "exec-now"),
                        org.assertj.core.groups.Tuple.tuple("alpha#v1", Lifecycle.CHAMPION, Lifecycle.RETIRED, "exec-now"),
                        org.assertj.core.groups.Tuple.tuple("alpha#v2", Lifecycle.CANDIDATE, Lifecycle.SUPERSEDED, "exec-now"));
    }

    @Test
    void aCandidateWithoutABacktestWaitsVisiblyAndUnchanged(ZooFixture zoo) {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.99, TODAY);

        Map<String, Map<String, Object>> decisions = byVersion(gate(zoo, "exec-now"));

        assertThat(decisions.get("alpha#v2")).containsEntry("decision", "WAITING");
        assertThat((String) decisions.get("alpha#v2").get("reason"))
                .contains("no backtest of alpha#v2 against champion alpha#v1", "research/exec-now/backtest.json");
        assertThat(zoo.registry().version("alpha", 2).orElseThrow().lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
    }

    @Test
    void aManualSpecsWinnerWaitsForApprovalAndIsAnnounced(ZooFixture zoo) throws IOException {
        Path catalog = Files.createTempFile("manual-catalog", ".json");
        Files.writeString(catalog, ZooFixture.CATALOG.replace("\"label\": \"gamma\",",
                "\"label\": \"gamma\", \"promotion\": \"manual\","));
        zoo.registerRun("exec-now", "gamma-dart", "gamma", 0.7, TODAY);

        Map<String, Object> out = new EvalGateHandler(zoo.envWith("ZOO_CATALOG", catalog.toString()))
                .handleRequest(event("{\"execution_id\": \"exec-now\"}"), null);

        assertThat(byVersion(out).get("gamma#v1")).containsEntry("decision", "PENDING_APPROVAL");
        assertThat(zoo.registry().version("gamma", 1).orElseThrow().lifecycle()).isEqualTo(Lifecycle.PENDING_APPROVAL);
        assertThat(zoo.registry().champion("gamma")).isEmpty();

        // a person approves: the same registry code the commands use
        zoo.registry().lifecycle().promote("gamma", 1, "looks right on the dashboards", "alice", null);
        assertThat(zoo.registry().champion("gamma")).map(ModelVersion::versionId).contains("gamma#v1");
        assertThat(zoo.registry().lifecycle().audit("gamma")).extracting(LifecycleChanges.AuditEntry::to,
                LifecycleChanges.AuditEntry::by).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Lifecycle.PENDING_APPROVAL, "exec-now"),
                org.assertj.core.groups.Tuple.tuple(Lifecycle.CHAMPION, "alice"));
    }

    @Test
    void aSecondRunOfTheGateChangesNothingAndWritesNothing(ZooFixture zoo) {
        lastWeek(zoo);
        zoo.registerRun("exec-failed", "alpha-gbdt", "alpha", 0.81, TODAY.minusSeconds(60));
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.85, TODAY);
        zoo.registerRun("exec-now", "beta-gbdt", "beta", 0.75, TODAY);
        report(zoo, "exec-now", measured("alpha", "alpha#v3", "alpha#v1", 500, 0.84, 0.80),
                measured("beta", "beta#v2", "beta#v1", 500, 0.70, 0.80));
        gate(zoo, "exec-now");
        List<ModelVersion> before = everyVersion(zoo);
        int writesBefore = tableWrites(zoo);

        Map<String, Object> again = gate(zoo, "exec-now");

        assertThat(again).isEqualTo(Map.of("decisions", List.of()));
        assertThat(everyVersion(zoo)).isEqualTo(before);
        assertThat(tableWrites(zoo)).as("DynamoDB writes to the table on the second run").isEqualTo(writesBefore);
    }

    @Test
    void anExecutionWithoutCandidatesDecidesNothing(ZooFixture zoo) {
        assertThat(gate(zoo, "exec-empty")).isEqualTo(Map.of("decisions", List.of()));
    }

    // ---- the maturity rule: min_shadow_weeks --------------------------------------------------------------

    /** One Saturday's research: its shadow scores (version, auc) for one week, recorded by SummarizeResearch. */
    private static void shadowWeek(ZooFixture zoo, String week, Object... versionsAndAucs) {
        String executionId = "exec-research-" + week;
        List<ShadowScore> scores = new ArrayList<>();
        for (int i = 0; i < versionsAndAucs.length; i += 2) {
            String versionId = (String) versionsAndAucs[i];
            String label = versionId.substring(0, versionId.indexOf('#'));
            scores.add(new ShadowScore(versionId, label, label + "-gbdt", week,
                    Map.of(ShadowScore.AUC, (Double) versionsAndAucs[i + 1], "log_loss", 0.4), 600, executionId,
                    TODAY));
        }
        zoo.artifacts().putJson(ArtifactStore.researchReportKey(executionId),
                new ResearchReport(executionId, null, List.of(), List.of(), scores, List.of()));
        new SummarizeResearchHandler(zoo.env()).handleRequest(event("{\"execution_id\": \"" + executionId + "\"}"),
                null);
    }

    private static EvalGateHandler gateNeedingShadowWeeks(ZooFixture zoo, int weeks) throws IOException {
        Path catalog = Files.createTempFile("maturity-catalog", ".json");
        Files.writeString(catalog, ZooFixture.CATALOG.replace("\"budget\": 2,",
                "\"budget\": 2, \"min_shadow_weeks\": " + weeks + ","));
        return new EvalGateHandler(zoo.envWith("ZOO_CATALOG", catalog.toString()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> shadowOf(Map<String, Object> decisionOrGate) {
        return (Map<String, Object>) decisionOrGate.get("shadow");
    }

    @Test
    void anImmatureCandidateWaitsNamingTheWeeksItHasAndNeedsThenIsDecidedOnceMature(ZooFixture zoo) throws IOException {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.90, TODAY);
        // the backtest alone would promote it
        report(zoo, "exec-now", measured("alpha", "alpha#v2", "alpha#v1", 500, 0.86, 0.80));
        shadowWeek(zoo, "2026-W47", "alpha#v1", 0.80);
        shadowWeek(zoo, "2026-W48", "alpha#v1", 0.78, "alpha#v2", 0.84);
        EvalGateHandler gate = gateNeedingShadowWeeks(zoo, 2);

        Map<String, Object> waiting = byVersion(gate.handleRequest(event("{\"execution_id\": \"exec-now\"}"), null))
                .get("alpha#v2");

        assertThat(waiting).containsEntry("decision", "WAITING").containsEntry("champion_version_id", "alpha#v1")
                .containsEntry("reason", "alpha#v2 waiting: 1 of 2 shadow weeks shared with alpha#v1 [2026-W48]; "
                        + "left CANDIDATE for the next gate")
                .doesNotContainKey("backtest");
        assertThat(shadowOf(waiting)).containsEntry("min_shadow_weeks", 2)
                .containsEntry("shared_weeks", List.of("2026-W48"));
        ModelVersion left = zoo.registry().version("alpha", 2).orElseThrow();
        assertThat(left.lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
        assertThat(left.gate()).isEmpty();
        assertThat(zoo.registry().champion("alpha")).map(ModelVersion::versionId).contains("alpha#v1");
        assertThat(zoo.registry().lifecycle().audit("alpha")).extracting(LifecycleChanges.AuditEntry::versionId)
                .containsExactly("alpha#v1");

        // the next Saturday's research adds the second shared week: the same gate now decides it
        shadowWeek(zoo, "2026-W49", "alpha#v1", 0.76, "alpha#v2", 0.86);
        Map<String, Object> decided = byVersion(gate.handleRequest(event("{\"execution_id\": \"exec-now\"}"), null))
                .get("alpha#v2");

        assertThat(decided).containsEntry("decision", "PROMOTED");
        assertThat(zoo.registry().champion("alpha")).map(ModelVersion::versionId).contains("alpha#v2");
    }

    @Test
    void aMatureCandidateIsDecidedByItsBacktestAndRecordsBothMeanAucsOverTheSharedWeeks(ZooFixture zoo)
            throws IOException {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "beta-gbdt", "beta", 0.99, TODAY);
        report(zoo, "exec-now", measured("beta", "beta#v2", "beta#v1", 500, 0.70, 0.80));
        shadowWeek(zoo, "2026-W47", "beta#v1", 0.80, "beta#v2", 0.74);
        shadowWeek(zoo, "2026-W48", "beta#v1", 0.76, "beta#v2", 0.72);
        shadowWeek(zoo, "2026-W49", "beta#v2", 0.99); // not shared: the champion has no score that week

        Map<String, Object> rejected = byVersion(gateNeedingShadowWeeks(zoo, 2)
                .handleRequest(event("{\"execution_id\": \"exec-now\"}"), null)).get("beta#v2");

        assertThat(rejected).containsEntry("decision", "REJECTED").containsKey("backtest");
        assertThat((String) rejected.get("reason")).contains("does not beat the champion on 500 shared rows");
        Map<String, Object> shared = shadowOf(rejected);
        assertThat(shared).containsEntry("shared_weeks", List.of("2026-W47", "2026-W48"));
        assertThat((Double) shared.get("candidate_mean_auc")).isCloseTo(0.73, within(1e-9));
        assertThat((Double) shared.get("champion_mean_auc")).isCloseTo(0.78, within(1e-9));
        ModelVersion version = zoo.registry().version("beta", 2).orElseThrow();
        assertThat(version.lifecycle()).isEqualTo(Lifecycle.REJECTED);
        Map<String, Object> recorded = shadowOf(version.gate());
        assertThat(recorded).containsEntry("shared_weeks", List.of("2026-W47", "2026-W48"))
                .containsEntry("min_shadow_weeks", 2);
        assertThat(((Number) recorded.get("candidate_mean_auc")).doubleValue()).isCloseTo(0.73, within(1e-9));
        assertThat(((Number) recorded.get("champion_mean_auc")).doubleValue()).isCloseTo(0.78, within(1e-9));
    }

    @Test
    void withTheDefaultOfZeroShadowWeeksTheBacktestDecidesAsBefore(ZooFixture zoo) {
        lastWeek(zoo);
        zoo.registerRun("exec-now", "alpha-gbdt", "alpha", 0.90, TODAY);
        report(zoo, "exec-now", measured("alpha", "alpha#v2", "alpha#v1", 500, 0.86, 0.80));
        shadowWeek(zoo, "2026-W48", "alpha#v1", 0.78); // the candidate shares no week with the champion

        Map<String, Object> decided = byVersion(gate(zoo, "exec-now")).get("alpha#v2");

        assertThat(decided).containsEntry("decision", "PROMOTED").doesNotContainKey("shadow");
        assertThat(zoo.registry().version("alpha", 2).orElseThrow().gate()).doesNotContainKey("shadow");
    }

    private static List<ModelVersion> everyVersion(ZooFixture zoo) {
        List<ModelVersion> all = new ArrayList<>();
        zoo.registry().latestVersions().keySet().forEach(label -> all.addAll(zoo.registry().versions(label)));
        return all;
    }

    private static int tableWrites(ZooFixture zoo) {
        return zoo.stores().journal().filter(e -> e.write() && e.target().equals(zoo.table())).size();
    }
}
