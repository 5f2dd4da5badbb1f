package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.attempts.AttemptLog;
import io.saturdayzoo.core.attempts.SpecFingerprint;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.events.RecordingEventPublisher;
import io.saturdayzoo.core.rotation.RotationPlan;
import io.saturdayzoo.core.rotation.RotationPolicy;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation's reads on a registry of thousands of labels, as SelectRotation makes them: the newest version of every
 * label, their champions and every spec's attempt summary. They cost O(specs) items in batched gets and one Query per
 * LATEST shard, never a Scan, and do not grow with the number of versions behind each label.
 */
class RotationAtScaleTest {

    private static final int SPECS = 1_000;
    private static final int BUDGET = 100;
    private static final int CHAMPIONS = 50;

    private static EmbeddedStores stores;
    private static RegistryFixture fx;

    @BeforeAll
    static void seedAZooOfThousands() {
        stores = EmbeddedStores.start(null);
        fx = new RegistryFixture(stores, new RecordingEventPublisher());
        RegistrySeed.seed(fx.dynamo, fx.env.get("ZOO_TABLE"), SPECS, 3);
        for (int i = 0; i < CHAMPIONS; i++) {
            fx.registry.promote(RegistrySeed.label(i * 7), 3, "seed");
        }
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @Test
    void selectingAHundredOfAThousandSpecsReadsEachLabelOnceInBatchesAndNeverScans() {
        RotationPlan plan = select();

        assertThat(plan.selected()).hasSize(CHAMPIONS + BUDGET); // champions retrain outside the budget
        // the stalest challengers: lowest index first, as the seed completes label i an hour after label i-1
        assertThat(plan.selected().stream().skip(CHAMPIONS).map(ModelSpec::id).limit(3).toList())
                .containsExactly(RegistrySeed.specId(1), RegistrySeed.specId(2), RegistrySeed.specId(3));
        Map<String, Long> requests = requestsByOperation();
        assertThat(requests).containsOnlyKeys("Query", "BatchGetItem");
        assertThat(requests.get("Query")).isEqualTo(LatestShards.SHARDS + 1L);
        // 1,000 newest versions + 1,000 champion pointers + 50 champion versions + 1,000 attempt summaries,
        // 100 keys a request
        assertThat(requests.get("BatchGetItem")).isEqualTo(10L + 10L + 1L + 10L);
    }

    @Test
    void longerHistoriesBehindTheLabelsCostNoMoreReads() {
        select();
        Map<String, Long> before = requestsByOperation();
        // a hundred labels gain 40 older versions each (numbers past the newest: what matters is the item count)
        RegistrySeed.writeVersions(fx.dynamo, fx.env.get("ZOO_TABLE"), IntStream.range(0, 100).boxed()
                .flatMap(i -> IntStream.rangeClosed(4, 43).mapToObj(n -> RegistrySeed.version(i, n))).toList());
        select();
        assertThat(requestsByOperation()).isEqualTo(before);
    }

    private static RotationPlan select() {
        List<ModelSpec> specs = catalog().specs();
        AttemptLog attempts = new AttemptLog(fx.dynamo, fx.env.get("ZOO_TABLE"));
        stores.journal().clear();
        Map<String, ModelVersion> latest = fx.registry.latestVersions();
        return RotationPolicy.plan(specs, latest, fx.registry.champions(latest.keySet()),
                attempts.summaries(specs.stream().map(ModelSpec::id).toList()), SpecFingerprint::of, BUDGET,
                ZooCatalog.DEFAULT_QUARANTINE_AFTER);
    }

    private static Map<String, Long> requestsByOperation() {
        return stores.journal().entries().stream()
                .collect(Collectors.groupingBy(RequestJournal.Entry::operation, Collectors.counting()));
    }

    private static ZooCatalog catalog() {
        String specs = IntStream.range(0, SPECS).mapToObj(i -> """
                {"id": "%s", "kind": "lightgbm", "label": "%s", "status": "active", "params": {},
                 "dataset": {"uri": "s3://seed/datasets/%s/", "time_column": "ts", "target_column": "y"}}"""
                .formatted(RegistrySeed.specId(i), RegistrySeed.label(i), RegistrySeed.label(i)))
                .collect(Collectors.joining(",\n"));
        return ZooCatalog.parse("{\"zoo\": \"scale\", \"budget\": " + BUDGET + ", \"specs\": [" + specs + "]}",
                "generated");
    }
}
