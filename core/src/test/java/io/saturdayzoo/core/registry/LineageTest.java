package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.core.events.RecordingEventPublisher;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An ensemble's lineage: the base versions it combines, from the run manifest to the stored version. */
class LineageTest {
    private static EmbeddedStores stores;

    @BeforeAll
    static void startStores() {
        stores = EmbeddedStores.start(null);
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @Test
    void baseVersionsGoFromTheManifestThroughRegistrationToTheStoredVersionAndItsEvent() throws Exception {
        RecordingEventPublisher events = new RecordingEventPublisher();
        RegistryFixture fx = new RegistryFixture(stores, events);
        fx.artifacts.putBytes(ArtifactStore.runPrefix("exec-1", "churn-stack") + "model.txt", new byte[]{1}, "text/plain");
        Registration plain = RegistryFixture.registration("exec-1", "churn-stack", "churn-stack");
        RunManifest manifest = new RunManifest(plain.executionId(), plain.specId(), plain.label(), "logistic-stack",
                "job-1", plain.codeCommit(), plain.imageDigest(), plain.params(), plain.datasetRef(), plain.metrics(),
                plain.startedAt(), plain.completedAt(), plain.costEstimateUsd(), List.of("churn#v3", "churn-dart#v1"));
        String json = ZooJson.mapper().writeValueAsString(manifest);
        assertThat(ZooJson.mapper().readTree(json).get("base_versions").toString())
                .isEqualTo("[\"churn#v3\",\"churn-dart#v1\"]");

        ModelVersion registered = fx.registry.register(ZooJson.mapper().readValue(json, RunManifest.class)
                .toRegistration());

        assertThat(registered.baseVersions()).containsExactly("churn#v3", "churn-dart#v1");
        assertThat(fx.registry.version("churn-stack", 1).orElseThrow()).isEqualTo(registered);
        assertThat(fx.registry.versions("churn-stack")).singleElement()
                .satisfies(v -> assertThat(v.baseVersions()).containsExactly("churn#v3", "churn-dart#v1"));
        assertThat(fx.registry.version("churn-stack#v1")).contains(registered);
        assertThat(events.events()).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo(EventPublisher.MODEL_VERSION_REGISTERED);
            assertThat(e.detail()).containsEntry("base_versions", List.of("churn#v3", "churn-dart#v1"));
        });
    }

    @Test
    void aModelWithoutBasesHasNoLineageFieldAnywhere() throws Exception {
        RegistryFixture fx = new RegistryFixture(stores, new RecordingEventPublisher());
        ModelVersion v = fx.registry.register(RegistryFixture.registration("exec-1", "churn-gbdt", "churn"));
        assertThat(v.baseVersions()).isEmpty();
        assertThat(fx.registry.version("churn", 1).orElseThrow().baseVersions()).isEmpty();
        RunManifest manifest = new RunManifest("e", "s", "l", "lightgbm", "j", "c", "d", Map.of(),
                RegistryFixture.DATASET, Map.of("auc", 0.7), RegistryFixture.STARTED, RegistryFixture.STARTED, null);
        assertThat(ZooJson.mapper().readTree(ZooJson.mapper().writeValueAsString(manifest)).has("base_versions"))
                .isFalse();
    }

    @Test
    void aBaseVersionThatIsNotAVersionIdIsRefusedByPosition() {
        RegistryFixture fx = new RegistryFixture(stores, new RecordingEventPublisher());
        Registration r = RegistryFixture.registration("exec-1", "churn-stack", "churn-stack");
        Registration bad = new Registration(r.executionId(), r.specId(), r.label(), r.codeCommit(), r.imageDigest(),
                r.params(), r.datasetRef(), r.metrics(), r.startedAt(), r.completedAt(), r.costEstimateUsd(),
                java.util.Arrays.asList("churn#v3", "churn-dart"));
        assertThatThrownBy(() -> fx.registry.register(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("registration for spec 'churn-stack': field 'base_versions[1]': expected a version id"
                        + " like churn#v3, got 'churn-dart'");
        assertThat(fx.registry.versions("churn-stack")).isEmpty();
    }

    @Test
    void versionIdsTakeApart() {
        assertThat(ModelVersion.Ref.parse("churn-dart#v12")).isEqualTo(new ModelVersion.Ref("churn-dart", 12));
        assertThatThrownBy(() -> ModelVersion.Ref.parse("churn#v0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelVersion.Ref.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
