package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.events.RecordingEventPublisher;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.saturdayzoo.core.registry.RegistryFixture.registration;
import static org.assertj.core.api.Assertions.assertThat;

class LatestShardsTest {

    private static EmbeddedStores stores;
    private RegistryFixture fx;

    @BeforeAll
    static void startStores() {
        stores = EmbeddedStores.start(null);
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @BeforeEach
    void freshTable() {
        fx = new RegistryFixture(stores, new RecordingEventPublisher());
    }

    @Test
    void labelsSpreadOverEveryShardAndAReadQueriesEachShardOnceThenBatchGetsTheVersions() {
        RegistrySeed.seed(fx.dynamo, fx.env.get("ZOO_TABLE"), 200, 1);
        List<String> labels = IntStream.range(0, 200).mapToObj(RegistrySeed::label).toList();

        Set<String> partitions = labels.stream().map(LatestShards::partitionOf).collect(Collectors.toSet());
        assertThat(partitions).hasSize(LatestShards.SHARDS); // 200 labels reach all 16 shards
        assertThat(fx.registry.rawItems(LatestShards.UNSHARDED_PK)).isEmpty();
        int largestShard = partitions.stream().mapToInt(pk -> fx.registry.rawItems(pk).size()).max().orElseThrow();
        assertThat(largestShard).isLessThan(200 / 4); // no shard holds a quarter of the labels

        stores.journal().clear();
        assertThat(fx.registry.latestVersions()).containsOnlyKeys(labels);
        List<String> operations = stores.journal().entries().stream().map(RequestJournal.Entry::operation).toList();
        assertThat(operations).doesNotContain("Scan")
                .filteredOn("Query"::equals).hasSize(LatestShards.SHARDS + 1); // every shard, then the pre-shard one
        assertThat(operations).filteredOn("BatchGetItem"::equals).hasSize(2); // 200 versions, 100 keys a request
    }

    @Test
    void theShardOfALabelIsCrc32ModSixteenSoAnyReaderComputesTheSame() {
        // CRC-32 of "churn" is 0x031BD8FC = 52156668, and 52156668 mod 16 = 12 (e.g. Python: zlib.crc32(b"churn") % 16)
        assertThat(LatestShards.partitionOf("churn")).isEqualTo("LATEST#12");
    }

    @Test
    void aPreShardLatestRowIsStillFoundAndTheLabelsNextRegistrationWritesItsShard() {
        ModelVersion v1 = fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        fx.registry.register(registration("exec-1", "fraud-gbdt", "fraud"));
        // as an older release wrote them: every LATEST row in one partition
        for (String label : List.of("churn", "fraud")) {
            Map<String, AttributeValue> row = new HashMap<>(fx.registry.rawItems(LatestShards.partitionOf(label))
                    .get(0));
            fx.dynamo.deleteItem(b -> b.tableName(fx.env.get("ZOO_TABLE")).key(Map.of(
                    RegistryTables.PK, row.get(RegistryTables.PK), RegistryTables.SK, row.get(RegistryTables.SK))));
            row.put(RegistryTables.PK, AttributeValue.fromS(LatestShards.UNSHARDED_PK));
            fx.dynamo.putItem(b -> b.tableName(fx.env.get("ZOO_TABLE")).item(row));
        }
        assertThat(fx.registry.latestVersions()).containsOnlyKeys("churn", "fraud");
        assertThat(fx.registry.latestVersions().get("churn")).isEqualTo(v1);

        ModelVersion v2 = fx.registry.register(registration("exec-2", "churn-gbdt", "churn"));

        assertThat(v2.versionId()).isEqualTo("churn#v2");
        assertThat(v2.parentVersionId()).isEqualTo("churn#v1");
        assertThat(fx.registry.rawItems(LatestShards.partitionOf("churn"))).extracting(i -> i.get("version_id").s())
                .contains("churn#v2"); // written to its shard in the same transaction as v2
        // the pre-shard row stays (the registry deletes nothing) and is overruled by the shard's
        assertThat(fx.registry.rawItems(LatestShards.UNSHARDED_PK)).extracting(i -> i.get("version_id").s())
                .containsExactlyInAnyOrder("churn#v1", "fraud#v1");
        assertThat(fx.registry.latestVersions().get("churn")).isEqualTo(v2);
        assertThat(new TreeSet<>(fx.registry.latestVersions().keySet())).containsExactly("churn", "fraud");
        assertThat(fx.registry.register(registration("exec-3", "churn-gbdt", "churn")).versionId())
                .isEqualTo("churn#v3"); // from the shard's row, not the overruled one
    }

    @Test
    void aSecondRegistrationAfterTheMoveContinuesTheNumbering() {
        fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        fx.registry.register(registration("exec-2", "churn-gbdt", "churn"));
        assertThat(fx.registry.register(registration("exec-3", "churn-gbdt", "churn")).versionNumber()).isEqualTo(3);
        assertThat(fx.registry.rawItems(LatestShards.partitionOf("churn"))).hasSize(1);
    }
}
