package io.saturdayzoo.local.leaderboard;

import io.saturdayzoo.core.aws.ZooEnv;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.core.registry.Registration;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The leaderboard shows each version's calibration metrics and an ensemble's lineage. */
class LeaderboardTest {
    private static final DatasetRef DATA = new DatasetRef("s3://zoo-data/churn/", "ts", "label");
    private static final Instant AT = Instant.parse("2026-03-07T06:00:00Z");

    @Test
    void versionsShowBrierEceAndTheBaseVersionsAnEnsembleCombines() throws Exception {
        try (EmbeddedStores stores = EmbeddedStores.start(null)) {
            Map<String, String> env = ZooEnv.withStores("leaderboard-table", "leaderboard-bucket", stores.awsEnv());
            RegistryTables.create(AwsClients.dynamoDb(env), env.get("ZOO_TABLE"));
            new ArtifactStore(AwsClients.s3(env), env.get("ZOO_BUCKET")).createBucketIfMissing();
            ModelRegistry registry = ModelRegistry.fromEnv(env);
            registry.register(registration("churn-gbdt", "churn", 0.74, List.of()));
            registry.register(registration("churn-dart", "churn-dart", 0.73, List.of()));
            registry.register(registration("churn-stack", "churn-stack", 0.76, List.of("churn#v1", "churn-dart#v1")));
            registry.promote("churn-stack", 1, "ex-1");

            List<Leaderboard.LabelRow> rows = Leaderboard.rows(registry);
            String text = Leaderboard.render(rows);
            assertThat(text).contains("brier", "ece", "bases");
            String versions = text.substring(text.indexOf("Versions"));
            String stackLine = versions.lines().filter(l -> l.contains("churn-stack#v1")).findFirst().orElseThrow();
            assertThat(stackLine).startsWith("  *").contains("0.7600", "0.1900", "0.0300", "churn#v1,churn-dart#v1");
            String gbdtLine = versions.lines().filter(l -> l.contains("churn#v1 ")).findFirst().orElseThrow();
            assertThat(gbdtLine).contains("0.7400", "0.2100", "0.0400");

            JsonNode json = ZooJson.mapper().readTree(Leaderboard.json(rows));
            JsonNode stack = json.get(0);
            assertThat(stack.get("label").asText()).isEqualTo("churn-stack");
            assertThat(stack.get("champion_version_id").asText()).isEqualTo("churn-stack#v1");
            JsonNode version = stack.get("history").get(0);
            assertThat(version.get("base_versions").toString()).isEqualTo("[\"churn#v1\",\"churn-dart#v1\"]");
            assertThat(version.get("metrics").get("ece").asDouble()).isEqualTo(0.03);
            assertThat(json.get(1).get("history").get(0).get("base_versions")).isEmpty();
        }
    }

    private static Registration registration(String specId, String label, double auc, List<String> bases) {
        Map<String, Double> metrics = Map.of("auc", auc, "log_loss", 0.55, "brier", 0.95 - auc,
                "ece", label.equals("churn-stack") ? 0.03 : 0.04, "ece_bins", 10.0);
        return new Registration("ex-1", specId, label, "c", "d", Map.of(), DATA, metrics, AT, AT.plusSeconds(60), null,
                bases);
    }
}
