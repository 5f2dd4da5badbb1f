package io.saturdayzoo.core.rotation;

import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SpecStatus;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotationPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-03T06:00:00Z");
    private static final DatasetRef DATA = new DatasetRef("s3://zoo-data/datasets/x/", "ts", "label");

    private static ModelSpec spec(String id, String label, SpecStatus status) {
        return new ModelSpec(id, "lightgbm", label, DATA, Map.of(), status);
    }

    private static ModelSpec active(String id) {
        return spec(id, id, SpecStatus.ACTIVE);
    }

    private static ModelVersion trained(String label, Instant completedAt) {
        return ModelVersion.builder().label(label).specId(label).versionNumber(1)
                .versionId(ModelVersion.versionId(label, 1)).lifecycle(Lifecycle.CANDIDATE).codeCommit("c")
                .imageDigest("d").datasetRef(DATA).metrics(Map.of("auc", 0.8))
                .startedAt(completedAt.minusSeconds(60)).completedAt(completedAt).trainedBy("exec")
                .costEstimateUsd(0.1).artifactPrefix("models/" + label + "/v1/").build();
    }

    private static List<String> ids(List<ModelSpec> specs) {
        return specs.stream().map(ModelSpec::id).toList();
    }

    @Test
    void picksTheStalestByNewestVersionCompletion() {
        List<ModelSpec> specs = List.of(active("a"), active("b"), active("c"));
        Map<String, ModelVersion> latest = Map.of(
                "a", trained("a", T0.plusSeconds(300)),
                "b", trained("b", T0.plusSeconds(100)),
                "c", trained("c", T0.plusSeconds(200)));
        assertThat(ids(RotationPolicy.select(specs, latest, 2))).containsExactly("b", "c");
    }

    @Test
    void neverRegisteredSpecsComeFirst() {
        List<ModelSpec> specs = List.of(active("a"), active("new-one"), active("c"));
        Map<String, ModelVersion> latest = Map.of("a", trained("a", T0), "c", trained("c", T0.minusSeconds(999)));
        assertThat(ids(RotationPolicy.select(specs, latest, 2))).containsExactly("new-one", "c");
    }

    @Test
    void tiesAreBrokenById() {
        List<ModelSpec> specs = List.of(active("zeta"), active("alpha"), active("mid"), active("beta"));
        Map<String, ModelVersion> latest = Map.of("zeta", trained("zeta", T0), "alpha", trained("alpha", T0),
                "mid", trained("mid", T0.plusSeconds(1)));
        // beta never registered; alpha and zeta tie on time -> alpha first
        assertThat(ids(RotationPolicy.select(specs, latest, 4))).containsExactly("beta", "alpha", "zeta", "mid");
    }

    @Test
    void retiredSpecsAreNeverSelected() {
        List<ModelSpec> specs = List.of(spec("old", "old", SpecStatus.RETIRED), active("b"));
        assertThat(ids(RotationPolicy.select(specs, Map.of(), 5))).containsExactly("b");
    }

    @Test
    void versionsMapBackToSpecsThroughTheLabel() {
        ModelSpec churnV2 = spec("churn-gbdt", "churn", SpecStatus.ACTIVE);
        ModelSpec fraud = spec("fraud-gbdt", "fraud", SpecStatus.ACTIVE);
        Map<String, ModelVersion> latest = Map.of("churn", trained("churn", T0.minusSeconds(10)),
                "fraud", trained("fraud", T0));
        assertThat(ids(RotationPolicy.select(List.of(fraud, churnV2), latest, 1))).containsExactly("churn-gbdt");
    }

    @Test
    void budgetLargerThanTheActiveSetReturnsAllActive() {
        List<ModelSpec> specs = List.of(active("a"), active("b"), spec("r", "r", SpecStatus.RETIRED));
        assertThat(RotationPolicy.select(specs, Map.of(), 100)).hasSize(2);
    }

    @Test
    void budgetBelowOneIsRejectedNamingBudgetAndValue() {
        assertThatThrownBy(() -> RotationPolicy.select(List.of(active("a")), Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget must be an integer >= 1, got 0");
        assertThatThrownBy(() -> RotationPolicy.fallback(List.of(active("a")), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("budget").hasMessageContaining("-1");
    }

    @Test
    void fallbackIsIdOrderedActiveSpecs() {
        List<ModelSpec> specs = List.of(active("c"), spec("a", "a", SpecStatus.RETIRED), active("d"), active("b"));
        assertThat(ids(RotationPolicy.fallback(specs, 2))).containsExactly("b", "c");
        assertThat(ids(RotationPolicy.fallback(specs, 9))).containsExactly("b", "c", "d");
    }

    @Test
    void chooseUsesTheRegistryWhenItAnswers() {
        List<ModelSpec> specs = List.of(active("a"), active("b"));
        RotationChoice choice = RotationPolicy.choose(specs, () -> Map.of("a", trained("a", T0)), 1);
        assertThat(ids(choice.selected())).containsExactly("b");
        assertThat(choice.fallback()).isFalse();
        assertThat(choice.fallbackCause()).isNull();
    }

    @Test
    void chooseFallsBackToIdOrderWhenTheRegistryIsUnreachable() {
        List<ModelSpec> specs = List.of(active("c"), active("a"), active("b"));
        RotationChoice choice = RotationPolicy.choose(specs, () -> {
            throw new IllegalStateException("connection refused");
        }, 2);
        assertThat(ids(choice.selected())).containsExactly("a", "b");
        assertThat(choice.fallback()).isTrue();
        assertThat(choice.fallbackCause()).isEqualTo("IllegalStateException: connection refused");
    }

    @Test
    void chooseStillRejectsABadBudgetInsteadOfFallingBack() {
        assertThatThrownBy(() -> RotationPolicy.choose(List.of(active("a")), Map::of, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
    }

    /**
     * Hundreds of random zoos: the selection equals a brute-force oracle (rank every active spec by an explicit
     * staleness key, sort, cut), has size min(budget, active), holds no retired spec, and is the same when the
     * inputs are shuffled.
     */
    @Test
    void randomZoosMatchABruteForceOracle() {
        Random random = new Random(20260103L);
        for (int zoo = 0; zoo < 500; zoo++) {
            int size = 1 + random.nextInt(25);
            int labelCount = 1 + random.nextInt(size);
            List<ModelSpec> specs = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                SpecStatus status = random.nextInt(4) == 0 ? SpecStatus.RETIRED : SpecStatus.ACTIVE;
                // few labels and coarse times: plenty of shared labels and ties
                specs.add(spec("s" + random.nextInt(1000) + "-" + i, "label" + random.nextInt(labelCount), status));
            }
            Map<String, ModelVersion> latest = new HashMap<>();
            for (int l = 0; l < labelCount; l++) {
                if (random.nextInt(3) > 0) {
                    latest.put("label" + l, trained("label" + l, T0.plusSeconds(60L * random.nextInt(5))));
                }
            }
            int budget = 1 + random.nextInt(size + 3);

            List<ModelSpec> selected = RotationPolicy.select(specs, latest, budget);

            long activeCount = specs.stream().filter(ModelSpec::isActive).count();
            assertThat(selected).hasSize((int) Math.min(budget, activeCount));
            assertThat(selected).allMatch(ModelSpec::isActive);
            assertThat(ids(selected)).isEqualTo(oracle(specs, latest, budget));

            List<ModelSpec> shuffled = new ArrayList<>(specs);
            Collections.shuffle(shuffled, random);
            assertThat(RotationPolicy.select(shuffled, new HashMap<>(latest), budget)).isEqualTo(selected);
        }
    }

    /** Selection sort by (never registered, completion epoch, id): deliberately a different algorithm. */
    private static List<String> oracle(List<ModelSpec> specs, Map<String, ModelVersion> latest, int budget) {
        List<ModelSpec> pool = new ArrayList<>(specs.stream().filter(s -> s.status() == SpecStatus.ACTIVE).toList());
        List<String> out = new ArrayList<>();
        while (!pool.isEmpty() && out.size() < budget) {
            ModelSpec best = null;
            for (ModelSpec candidate : pool) {
                if (best == null || staler(candidate, best, latest)) {
                    best = candidate;
                }
            }
            out.add(best.id());
            pool.remove(best);
        }
        return out;
    }

    private static boolean staler(ModelSpec a, ModelSpec b, Map<String, ModelVersion> latest) {
        long ta = latest.containsKey(a.label()) ? latest.get(a.label()).completedAt().getEpochSecond() : Long.MIN_VALUE;
        long tb = latest.containsKey(b.label()) ? latest.get(b.label()).completedAt().getEpochSecond() : Long.MIN_VALUE;
        return ta != tb ? ta < tb : a.id().compareTo(b.id()) < 0;
    }

    // ---- plan: champion retrain outside the budget, challengers by staleness, quarantine, reasons ----

    private static ModelVersion champion(String label, String specId) {
        return trained(label, T0).toBuilder().specId(specId).versionNumber(2)
                .versionId(ModelVersion.versionId(label, 2)).lifecycle(Lifecycle.CHAMPION)
                .artifactPrefix("models/" + label + "/v2/").build();
    }

    private static io.saturdayzoo.core.attempts.SpecAttempts failing(String specId, int failures, String hash) {
        return new io.saturdayzoo.core.attempts.SpecAttempts(specId, failures, "States.TaskFailed: OOM", "e" + failures,
                io.saturdayzoo.core.attempts.SpecAttempts.Outcome.FAILED, hash, T0);
    }

    @Test
    void championSpecsRetrainOutsideTheBudgetAndTheBudgetPicksChallengers() {
        List<ModelSpec> specs = List.of(active("a"), active("b"), active("c"), active("d"),
                spec("old", "old", SpecStatus.RETIRED));
        Map<String, ModelVersion> latest = Map.of("a", trained("a", T0), "b", trained("b", T0.plusSeconds(10)),
                "c", trained("c", T0.plusSeconds(5)));
        Map<String, ModelVersion> champions = Map.of("a", champion("a", "a"), "b", champion("b", "b"));
        RotationPlan plan = RotationPolicy.plan(specs, latest, champions, Map.of(), s -> "h", 1, 3);
        assertThat(ids(plan.selected())).containsExactly("a", "b", "d");
        assertThat(plan.reasons()).containsExactly(
                Map.entry("a", "champion retrain (a#v2)"),
                Map.entry("b", "champion retrain (b#v2)"),
                Map.entry("c", "not picked: budget"),
                Map.entry("d", "stalest (never trained)"),
                Map.entry("old", "not picked: retired"));
        assertThat(RotationPolicy.plan(specs, latest, Map.of(), Map.of(), s -> "h", 1, 3).reasons().get("a"))
                .isEqualTo("not picked: budget");
        assertThat(RotationPolicy.plan(List.of(active("c")), latest, Map.of(), Map.of(), s -> "h", 1, 3).reasons())
                .containsEntry("c", "stalest (last trained " + T0.plusSeconds(5) + ")");
    }

    @Test
    void aSpecFailingKTimesIsQuarantinedUntilItsEntryChanges() {
        List<ModelSpec> specs = List.of(active("a"), active("b"));
        Map<String, io.saturdayzoo.core.attempts.SpecAttempts> attempts = Map.of("a", failing("a", 3, "h"),
                "b", failing("b", 2, "h"));
        RotationPlan plan = RotationPolicy.plan(specs, Map.of(), Map.of("a", champion("a", "a")), attempts,
                s -> "h", 5, 3);
        assertThat(ids(plan.selected())).containsExactly("b");
        assertThat(plan.quarantined()).containsOnlyKeys("a");
        assertThat(plan.reasons().get("a")).isEqualTo("quarantined: 3 failures, last: States.TaskFailed: OOM");
        // K is the catalog's: with 2, b is quarantined too
        assertThat(RotationPolicy.plan(specs, Map.of(), Map.of(), attempts, s -> "h", 5, 2).quarantined())
                .containsOnlyKeys("a", "b");
        // a changed entry (another fingerprint) is not the spec that failed
        assertThat(ids(RotationPolicy.plan(specs, Map.of(), Map.of(), attempts, s -> "h2", 5, 3).selected()))
                .containsExactly("a", "b");
        assertThatThrownBy(() -> RotationPolicy.plan(specs, Map.of(), Map.of(), attempts, s -> "h", 5, 0))
                .hasMessage("quarantine_after must be an integer >= 1, got 0");
    }
}
