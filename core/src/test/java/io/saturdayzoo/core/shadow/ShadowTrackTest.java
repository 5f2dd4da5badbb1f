package io.saturdayzoo.core.shadow;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shadow track record on DynamoDB Local, and the ISO week it is keyed by. */
class ShadowTrackTest {
    private static EmbeddedStores stores;
    private static ShadowTrack track;

    @BeforeAll
    static void start() {
        stores = EmbeddedStores.start(null);
        DynamoDbClient dynamo = AwsClients.dynamoDb(ZooEnv.withStores("shadow", "unused-bucket", stores.awsEnv()));
        RegistryTables.create(dynamo, "shadow");
        track = new ShadowTrack(dynamo, "shadow");
    }

    @AfterAll
    static void stop() {
        stores.close();
    }

    private static ShadowScore score(String version, String week, double auc, String execution) {
        return new ShadowScore(version, "churn", "churn-gbdt", week, Map.of("auc", auc, "log_loss", 0.4), 700,
                execution, Instant.parse("2026-12-12T06:00:00Z"));
    }

    @Test
    void oneScorePerVersionAndWeekTheFirstStands() {
        assertThat(track.record(score("churn#v1", "2026-W50", 0.81, "e1"))).isTrue();
        assertThat(track.record(score("churn#v1", "2026-W50", 0.99, "e2"))).isFalse();
        assertThat(track.record(score("churn#v1", "2026-W49", 0.80, "e0"))).isTrue();
        assertThat(track.shadowScores("churn#v1")).extracting(ShadowScore::week, s -> s.metrics().get("auc"),
                ShadowScore::executionId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2026-W49", 0.80, "e0"),
                org.assertj.core.groups.Tuple.tuple("2026-W50", 0.81, "e1"));
        assertThat(track.shadowScores("churn#v9")).isEmpty();
    }

    @Test
    void sharedWeeksAreTheWeeksBothVersionsScored() {
        track.record(score("fraud#v1", "2026-W48", 0.7, "e"));
        track.record(score("fraud#v1", "2026-W49", 0.7, "e"));
        track.record(score("fraud#v1", "2026-W50", 0.7, "e"));
        track.record(score("fraud#v2", "2026-W50", 0.8, "e"));
        track.record(score("fraud#v2", "2026-W49", 0.8, "e"));
        assertThat(track.sharedWeeks("fraud#v1", "fraud#v2")).containsExactly("2026-W49", "2026-W50");
        assertThat(track.sharedWeeks("fraud#v1", "fraud#v7")).isEmpty();
        assertThat(new ShadowMaturity(3).mature(2)).isFalse();
        assertThat(new ShadowMaturity(3).waiting(2, "fraud#v1")).isEqualTo(
                "waiting: 2 of 3 shadow weeks shared with fraud#v1");
        assertThat(new ShadowMaturity(0).mature(0)).isTrue();
    }

    @Test
    void aBadWeekOrMetricIsRefusedByName() {
        assertThatThrownBy(() -> track.record(score("churn#v1", "2026-50", 0.8, "e")))
                .hasMessageContaining("expected YYYY-Www (e.g. 2026-W49), got '2026-50'");
        assertThatThrownBy(() -> track.record(score("churn#v1", "2026-W51", Double.NaN, "e")))
                .hasMessageContaining("metric 'auc' must be a finite number, got NaN");
    }

    @Test
    void isoWeeksFollowTheCalendarAcrossYearEnds() {
        assertThat(IsoWeek.of(LocalDate.parse("2026-12-05"))).hasToString("2026-W49");
        assertThat(IsoWeek.of(LocalDate.parse("2026-12-05")).start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(IsoWeek.parse("2026-W53").plus(1)).hasToString("2027-W01");
        assertThat(IsoWeek.parse("2027-W01").weeksSince(IsoWeek.parse("2026-W49"))).isEqualTo(5);
        assertThat(IsoWeek.containing(Instant.parse("2027-01-03T23:59:59Z"))).hasToString("2026-W53");
        assertThatThrownBy(() -> IsoWeek.parse("2025-W53")).hasMessageContaining("does not exist");
    }
}
