package io.saturdayzoo.lambdas.evalgate;

import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromotionPolicyTest {

    private static ModelVersion version(int n, Lifecycle lifecycle, Map<String, Double> metrics) {
        Instant t = Instant.parse("2026-11-21T09:00:00Z");
        return new ModelVersion("churn", "churn-gbdt", n, ModelVersion.versionId("churn", n), null, lifecycle,
                "abc", "sha256:1", Map.of(), new DatasetRef("s3://d/churn/", "ts", "y"), metrics, t, t, "exec",
                null, "models/churn/v" + n + "/");
    }

    private static final ModelVersion CHAMPION = version(1, Lifecycle.CHAMPION, Map.of("auc", 0.80));

    @Test
    void aTieWithTheDefaultMinimumPromotesTheFresherModel() {
        var verdict = new PromotionPolicy(0.0).judge(version(2, Lifecycle.CANDIDATE, Map.of("auc", 0.80)),
                Optional.of(CHAMPION));
        assertThat(verdict.promote()).isTrue();
    }

    @Test
    void improvementBelowTheMinimumIsRejected() {
        PromotionPolicy policy = new PromotionPolicy(0.02);
        assertThat(policy.judge(version(2, Lifecycle.CANDIDATE, Map.of("auc", 0.81)), Optional.of(CHAMPION)).promote())
                .isFalse();
        assertThat(policy.judge(version(2, Lifecycle.CANDIDATE, Map.of("auc", 0.83)), Optional.of(CHAMPION)).promote())
                .isTrue();
    }

    @Test
    void aCandidateWithoutAucIsRejectedEvenWithoutChampion() {
        var verdict = new PromotionPolicy(0.0).judge(version(2, Lifecycle.CANDIDATE, Map.of("logloss", 0.3)),
                Optional.empty());
        assertThat(verdict.promote()).isFalse();
        assertThat(verdict.reason()).isEqualTo("churn#v2 has no holdout 'auc' metric (has [logloss])");
    }

    @Test
    void aChampionWithoutAucCannotDefendItsPlace() {
        var verdict = new PromotionPolicy(0.0).judge(version(2, Lifecycle.CANDIDATE, Map.of("auc", 0.6)),
                Optional.of(version(1, Lifecycle.CHAMPION, Map.of("rmse", 1.0))));
        assertThat(verdict.promote()).isTrue();
        assertThat(verdict.championMetric()).isNull();
    }

    @Test
    void negativeOrNonFiniteMinimumIsRefused() {
        assertThatThrownBy(() -> new PromotionPolicy(-0.1)).hasMessageContaining("ZOO_PROMOTION_MIN_DELTA");
        assertThatThrownBy(() -> new PromotionPolicy(Double.NaN)).hasMessageContaining("expected a number >= 0");
    }
}
