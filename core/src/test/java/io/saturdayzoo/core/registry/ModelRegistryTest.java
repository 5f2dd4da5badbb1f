package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.core.events.RecordingEventPublisher;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.saturdayzoo.core.registry.RegistryFixture.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    private static EmbeddedStores stores;
    private RecordingEventPublisher events;
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
    void freshTableAndBucket() {
        events = new RecordingEventPublisher();
        fx = new RegistryFixture(stores, events);
    }

    private void writeRun(String executionId, String specId) {
        String prefix = ArtifactStore.runPrefix(executionId, specId);
        fx.artifacts.putBytes(prefix + "model.txt", ("tree for " + specId).getBytes(StandardCharsets.UTF_8), "text/plain");
        fx.artifacts.putBytes(prefix + "evaluation.json", "{\"auc\":0.81}".getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    @Test
    void registerCreatesCandidateV1WithEverythingStoredAndArtifactsCopied() {
        writeRun("exec-1", "churn-gbdt");
        ModelVersion v1 = fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));

        assertThat(v1.versionNumber()).isEqualTo(1);
        assertThat(v1.versionId()).isEqualTo("churn#v1");
        assertThat(v1.parentVersionId()).isNull();
        assertThat(v1.lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
        assertThat(v1.artifactPrefix()).isEqualTo("models/churn/v1/");

        ModelVersion stored = fx.registry.version("churn", 1).orElseThrow();
        assertThat(stored).isEqualTo(v1);
        assertThat(stored.codeCommit()).isEqualTo("0123abc");
        assertThat(stored.imageDigest()).isEqualTo("sha256:feed");
        assertThat(stored.params()).containsEntry("num_leaves", 31).containsEntry("learning_rate", 0.05)
                .containsEntry("objective", "binary");
        assertThat(stored.datasetRef()).isEqualTo(RegistryFixture.DATASET);
        assertThat(stored.metrics()).containsEntry("auc", 0.81).containsEntry("logloss", 0.43);
        assertThat(stored.startedAt()).isEqualTo(RegistryFixture.STARTED);
        assertThat(stored.completedAt()).isEqualTo(RegistryFixture.STARTED.plusSeconds(600));
        assertThat(stored.trainedBy()).isEqualTo("exec-1");
        assertThat(stored.costEstimateUsd()).isEqualTo(0.42);

        assertThat(fx.artifacts.getBytes("models/churn/v1/model.txt")).get()
                .extracting(b -> new String(b, StandardCharsets.UTF_8)).isEqualTo("tree for churn-gbdt");
        assertThat(fx.artifacts.list("archive/2026/03/07/churn/v1/")).extracting(StoredObject::key)
                .containsExactly("archive/2026/03/07/churn/v1/evaluation.json", "archive/2026/03/07/churn/v1/model.txt");
        assertThat(fx.artifacts.list("runs/exec-1/churn-gbdt/")).hasSize(2); // copied, not moved
    }

    @Test
    void secondRegistrationOfALabelLinksItsParent() {
        ModelVersion v1 = fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        ModelVersion v2 = fx.registry.register(registration("exec-2", "churn-gbdt", "churn"));
        assertThat(v2.versionNumber()).isEqualTo(2);
        assertThat(v2.parentVersionId()).isEqualTo(v1.versionId());
        assertThat(fx.registry.versions("churn")).extracting(ModelVersion::versionId).containsExactly("churn#v1", "churn#v2");
        assertThat(fx.registry.latestVersions()).containsOnlyKeys("churn");
        assertThat(fx.registry.latestVersions().get("churn")).isEqualTo(v2);
    }

    @Test
    void sixteenConcurrentRegistrationsGetSixteenDistinctConsecutiveVersionsWithParentLinks() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ModelVersion>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String exec = "exec-" + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return fx.registry.register(registration(exec, "churn-gbdt", "churn"));
                }));
            }
            go.countDown();
            List<ModelVersion> results = new ArrayList<>();
            for (Future<ModelVersion> f : futures) {
                results.add(f.get());
            }
            assertThat(results).extracting(ModelVersion::versionNumber)
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, threads).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        List<ModelVersion> versions = fx.registry.versions("churn");
        assertThat(versions).hasSize(threads);
        for (int n = 1; n <= threads; n++) {
            ModelVersion v = versions.get(n - 1);
            assertThat(v.versionNumber()).isEqualTo(n);
            assertThat(v.parentVersionId()).isEqualTo(n == 1 ? null : "churn#v" + (n - 1));
        }
        assertThat(versions).extracting(ModelVersion::trainedBy).doesNotHaveDuplicates();
        assertThat(fx.registry.latestVersions().get("churn").versionNumber()).isEqualTo(threads);
        assertThat(events.events(EventPublisher.MODEL_VERSION_REGISTERED)).hasSize(threads);
    }

    @Test
    void reRegisteringTheSameExecutionAndSpecCreatesNothing() {
        writeRun("exec-1", "churn-gbdt");
        ModelVersion first = fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        stores.journal().clear();

        ModelVersion again = fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));

        assertThat(again).isEqualTo(first);
        assertThat(fx.registry.versions("churn")).hasSize(1);
        assertThat(stores.journal().writes()).isEmpty(); // neither DynamoDB nor S3: artifacts were already copied
        assertThat(events.events()).hasSize(1);
    }

    @Test
    void concurrentDuplicateRegistrationsYieldOneVersion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Callable<ModelVersion>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> {
                    go.await();
                    return fx.registry.register(registration("exec-same", "fraud-gbdt", "fraud"));
                });
            }
            List<Future<ModelVersion>> futures = calls.stream().map(pool::submit).toList();
            go.countDown();
            for (Future<ModelVersion> f : futures) {
                assertThat(f.get().versionId()).isEqualTo("fraud#v1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fx.registry.versions("fraud")).hasSize(1);
        assertThat(events.events()).hasSize(1);
    }

    @Test
    void nanInfiniteOrEmptyMetricsAreRejectedByNameAndNothingIsWritten() {
        stores.journal().clear();
        Map<String, Double> nan = new HashMap<>(Map.of("auc", Double.NaN));
        assertThatThrownBy(() -> fx.registry.register(registration("exec-1", "churn-gbdt", "churn", nan)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("registration for spec 'churn-gbdt': metric 'auc' must be a finite number, got NaN");
        assertThatThrownBy(() -> fx.registry.register(registration("exec-1", "churn-gbdt", "churn",
                Map.of("auc", 0.8, "logloss", Double.POSITIVE_INFINITY))))
                .hasMessageContaining("metric 'logloss'").hasMessageContaining("Infinity");
        Map<String, Double> nullMetric = new HashMap<>();
        nullMetric.put("auc", null);
        assertThatThrownBy(() -> fx.registry.register(registration("exec-1", "churn-gbdt", "churn", nullMetric)))
                .hasMessageContaining("metric 'auc'");
        assertThatThrownBy(() -> fx.registry.register(registration("exec-1", "churn-gbdt", "churn", Map.of())))
                .hasMessage("registration for spec 'churn-gbdt': field 'metrics': empty (at least one holdout metric required)");

        assertThat(stores.journal().writes()).isEmpty();
        assertThat(fx.registry.versions("churn")).isEmpty();
        assertThat(fx.registry.registration("exec-1", "churn-gbdt")).isEmpty();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void otherInvalidRegistrationsNameTheField() {
        Registration r = registration("exec-1", "churn-gbdt", "churn");
        assertThatThrownBy(() -> fx.registry.register(new Registration(r.executionId(), r.specId(), "", r.codeCommit(),
                r.imageDigest(), r.params(), r.datasetRef(), r.metrics(), r.startedAt(), r.completedAt(), 0.1)))
                .hasMessage("registration for spec 'churn-gbdt': field 'label': missing");
        assertThatThrownBy(() -> fx.registry.register(new Registration(r.executionId(), r.specId(), r.label(),
                r.codeCommit(), r.imageDigest(), r.params(), r.datasetRef(), r.metrics(), r.completedAt(), r.startedAt(),
                0.1)))
                .hasMessageContaining("field 'completed_at'");
        assertThatThrownBy(() -> fx.registry.register(new Registration(r.executionId(), r.specId(), r.label(),
                r.codeCommit(), r.imageDigest(), r.params(), r.datasetRef(), r.metrics(), r.startedAt(), r.completedAt(),
                -1.0)))
                .hasMessageContaining("field 'cost_estimate_usd'");
    }

    @Test
    void registrationEventCarriesTheVersion() {
        fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        fx.registry.register(registration("exec-2", "churn-gbdt", "churn"));

        List<RecordingEventPublisher.PublishedEvent> registered = events.events(EventPublisher.MODEL_VERSION_REGISTERED);
        assertThat(registered).hasSize(2);
        Map<String, Object> detail = registered.get(1).detail();
        assertThat(detail).containsEntry("label", "churn").containsEntry("spec_id", "churn-gbdt")
                .containsEntry("version", 2).containsEntry("version_id", "churn#v2")
                .containsEntry("parent_version_id", "churn#v1").containsEntry("lifecycle", "CANDIDATE")
                .containsEntry("trained_by", "exec-2").containsEntry("artifact_prefix", "models/churn/v2/")
                .containsEntry("code_commit", "0123abc").containsEntry("image_digest", "sha256:feed")
                .containsEntry("metrics", Map.of("auc", 0.81, "logloss", 0.43));
        assertThat(registered.get(0).detail()).containsEntry("parent_version_id", null);
    }

    @Test
    void aPublisherThatFailsNeverUndoesTheRegistration() {
        AtomicInteger calls = new AtomicInteger();
        RecordingEventPublisher delivered = new RecordingEventPublisher();
        EventPublisher failingTwice = (type, detail) -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("bus down");
            }
            delivered.publish(type, detail);
        };
        RegistryFixture failing = new RegistryFixture(stores, failingTwice);

        ModelVersion v1 = failing.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        ModelVersion v2 = failing.registry.register(registration("exec-2", "churn-gbdt", "churn"));
        ModelVersion v3 = failing.registry.register(registration("exec-3", "churn-gbdt", "churn"));

        assertThat(failing.registry.versions("churn")).containsExactly(v1, v2, v3);
        assertThat(failing.registry.registration("exec-1", "churn-gbdt")).contains(v1);
        assertThat(delivered.events()).singleElement()
                .satisfies(e -> assertThat(e.detail()).containsEntry("version_id", "churn#v3"));
    }

    @Test
    void promoteMakesAChampionAndRetiresThePreviousOneWhichStaysLoadable() {
        writeRun("exec-1", "churn-gbdt");
        fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        writeRun("exec-2", "churn-gbdt");
        fx.registry.register(registration("exec-2", "churn-gbdt", "churn"));

        ModelVersion first = fx.registry.promote("churn", 1, "exec-1");
        assertThat(first.lifecycle()).isEqualTo(Lifecycle.CHAMPION);
        assertThat(fx.registry.champion("churn")).contains(first);

        ModelVersion second = fx.registry.promote("churn", 2, "exec-2");
        assertThat(fx.registry.champion("churn")).contains(second);
        ModelVersion previous = fx.registry.version("churn", 1).orElseThrow();
        assertThat(previous.lifecycle()).isEqualTo(Lifecycle.RETIRED);
        assertThat(previous.lifecycleReason()).isEqualTo("replaced by churn#v2");
        assertThat(fx.artifacts.getBytes(previous.artifactPrefix() + "model.txt")).isPresent();

        List<RecordingEventPublisher.PublishedEvent> promoted = events.events(EventPublisher.CHAMPION_PROMOTED);
        assertThat(promoted).hasSize(2);
        assertThat(promoted.get(1).detail()).containsEntry("version_id", "churn#v2")
                .containsEntry("previous_champion_version_id", "churn#v1").containsEntry("promoted_by", "exec-2")
                .containsEntry("lifecycle", "CHAMPION");
        assertThat(promoted.get(0).detail()).containsEntry("previous_champion_version_id", null);

        assertThat(fx.registry.promote("churn", 2, "exec-2")).isEqualTo(second); // no-op
        assertThat(events.events(EventPublisher.CHAMPION_PROMOTED)).hasSize(2);
    }

    @Test
    void concurrentPromotionsLeaveExactlyOneChampion() throws Exception {
        int n = 8;
        for (int i = 1; i <= n; i++) {
            fx.registry.register(registration("exec-" + i, "churn-gbdt", "churn"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ModelVersion>> futures = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int version = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return fx.registry.promote("churn", version, "exec-" + version);
                }));
            }
            go.countDown();
            for (Future<ModelVersion> f : futures) {
                assertThat(f.get().lifecycle()).isEqualTo(Lifecycle.CHAMPION);
            }
        } finally {
            pool.shutdownNow();
        }
        List<ModelVersion> versions = fx.registry.versions("churn");
        assertThat(versions).filteredOn(v -> v.lifecycle() == Lifecycle.CHAMPION).hasSize(1);
        assertThat(versions).filteredOn(v -> v.lifecycle() == Lifecycle.RETIRED).hasSize(n - 1);
        ModelVersion champion = fx.registry.champion("churn").orElseThrow();
        assertThat(versions).filteredOn(v -> v.lifecycle() == Lifecycle.CHAMPION).containsExactly(champion);
        // the promotions serialized: each retired a distinct predecessor
        assertThat(events.events(EventPublisher.CHAMPION_PROMOTED)).hasSize(n)
                .extracting(e -> e.detail().get("previous_champion_version_id")).doesNotHaveDuplicates();
    }

    @Test
    void rejectMarksACandidateAndOnlyCandidatesMove() {
        fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        fx.registry.register(registration("exec-1", "fraud-gbdt", "fraud"));
        fx.registry.register(registration("exec-2", "churn-gbdt", "churn"));

        ModelVersion rejected = fx.registry.reject("churn", 1, "auc 0.70 below champion 0.81");
        assertThat(rejected.lifecycle()).isEqualTo(Lifecycle.REJECTED);
        assertThat(fx.registry.version("churn", 1).orElseThrow().lifecycleReason()).isEqualTo("auc 0.70 below champion 0.81");
        assertThat(fx.registry.reject("churn", 1, "again").lifecycleReason()).isEqualTo("auc 0.70 below champion 0.81");

        assertThatThrownBy(() -> fx.registry.promote("churn", 1, "exec-3"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("churn#v1 is REJECTED");
        assertThatThrownBy(() -> fx.registry.promote("churn", 9, "exec-3"))
                .isInstanceOf(RegistryException.class).hasMessage("promote: no version churn#v9");

        assertThat(fx.registry.candidates()).extracting(ModelVersion::versionId).containsExactly("churn#v2", "fraud#v1");
        assertThat(fx.registry.candidates("exec-1")).extracting(ModelVersion::versionId).containsExactly("fraud#v1");
        assertThat(fx.registry.registeredBy("exec-1")).extracting(ModelVersion::versionId)
                .containsExactly("churn#v1", "fraud#v1");
    }

    @Test
    void latestVersionsReadsOnePartitionAndBatchesNeverScanning() {
        for (int i = 0; i < 5; i++) {
            for (String label : List.of("churn", "fraud", "demand-uplift")) {
                fx.registry.register(registration("exec-" + i, label + "-spec", label));
            }
        }
        stores.journal().clear();
        Map<String, ModelVersion> latest = fx.registry.latestVersions();
        assertThat(latest).containsOnlyKeys("churn", "fraud", "demand-uplift");
        assertThat(latest.values()).extracting(ModelVersion::versionNumber).containsOnly(5);
        assertThat(stores.journal().entries()).extracting(RequestJournal.Entry::operation)
                .containsExactly("Query", "BatchGetItem");
    }

    @Test
    void registerFromTheTrainersManifest() {
        Instant done = Instant.parse("2026-03-07T03:10:00Z");
        RunManifest manifest = new RunManifest("exec-9", "fraud-gbdt", "fraud", "lightgbm", "job-1", "abc", "sha256:1",
                Map.of("num_leaves", 63), RegistryFixture.DATASET, Map.of("auc", 0.9), done.minusSeconds(900), done, 0.3);
        fx.artifacts.writeRunManifest(manifest);

        RunManifest read = fx.artifacts.readRunManifest("exec-9", "fraud-gbdt").orElseThrow();
        assertThat(read).isEqualTo(manifest);
        ModelVersion v = fx.registry.register(read.toRegistration());
        assertThat(v.versionId()).isEqualTo("fraud#v1");
        assertThat(fx.artifacts.getJson("models/fraud/v1/manifest.json", RunManifest.class)).contains(manifest);
        assertThat(fx.artifacts.readRunManifest("exec-9", "churn-gbdt")).isEmpty();
    }

    @Test
    void aManifestWithAChosenParentLinksThatParentNotTheLatestAndCarriesItsOrigin() {
        fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        fx.registry.register(registration("exec-2", "churn-gbdt", "churn"));
        fx.registry.register(registration("exec-3", "churn-gbdt", "churn"));
        Instant done = Instant.parse("2026-03-08T03:10:00Z");
        DatasetRef read = RegistryFixture.DATASET.readFrom("s3://zoo-data/adhoc/churn.csv", "s3-version:3HL4kqtJ");
        RunManifest manifest = new RunManifest("ondemand-1", "churn-gbdt", "churn", "lightgbm", "job-od", "abc",
                "sha256:1", Map.of("num_leaves", 15), read, Map.of("auc", 0.8), done.minusSeconds(300), done, 0.02,
                null, "churn#v1", WarmStart.applied("churn#v1"), "ana@example.com", "alloc-42");
        fx.artifacts.writeRunManifest(manifest);

        ModelVersion v = fx.registry.register(fx.artifacts.readRunManifest("ondemand-1", "churn-gbdt").orElseThrow()
                .toRegistration());
        assertThat(v.versionId()).isEqualTo("churn#v4"); // the label's next free number
        assertThat(v.parentVersionId()).isEqualTo("churn#v1"); // the chosen parent, not the latest (v3)
        ModelVersion stored = fx.registry.version("churn#v4").orElseThrow();
        assertThat(stored).isEqualTo(v);
        assertThat(stored.origin()).isEqualTo(new RunOrigin("ana@example.com", "alloc-42",
                WarmStart.applied("churn#v1")));
        assertThat(stored.datasetRef().uri()).isEqualTo("s3://zoo-data/adhoc/churn.csv");
        assertThat(stored.datasetRef().digest()).isEqualTo("s3-version:3HL4kqtJ");
        assertThat(events.events()).last().satisfies(e -> assertThat(e.detail())
                .containsEntry("parent_version_id", "churn#v1").containsEntry(RunOrigin.CALLER, "ana@example.com")
                .containsEntry(RunOrigin.ALLOCATION_ID, "alloc-42"));

        // a Saturday run afterwards still descends from the latest, and carries no origin
        ModelVersion next = fx.registry.register(registration("exec-5", "churn-gbdt", "churn"));
        assertThat(next.parentVersionId()).isEqualTo("churn#v4");
        assertThat(fx.registry.version("churn#v5").orElseThrow().origin()).isEqualTo(RunOrigin.NONE);
    }

    @Test
    void aParentOfAnotherLabelOrNotRegisteredIsNamedAndNothingIsWritten() {
        fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        Registration base = registration("exec-2", "churn-gbdt", "churn");
        assertThatThrownBy(() -> fx.registry.register(withParent(base, "fraud#v1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'parent_version'").hasMessageContaining("label 'fraud'");
        assertThatThrownBy(() -> fx.registry.register(withParent(base, "churn#v7")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'parent_version': churn#v7 is not registered");
        assertThatThrownBy(() -> fx.registry.register(withParent(base, "churn-v1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'parent_version'").hasMessageContaining("'churn-v1'");
        assertThat(fx.registry.versions("churn")).hasSize(1);
        assertThat(fx.registry.registration("exec-2", "churn-gbdt")).isEmpty();
    }

    private static Registration withParent(Registration r, String parent) {
        return new Registration(r.executionId(), r.specId(), r.label(), r.codeCommit(), r.imageDigest(), r.params(),
                r.datasetRef(), r.metrics(), r.startedAt(), r.completedAt(), r.costEstimateUsd(), r.baseVersions(),
                parent, new RunOrigin("ci", null, null));
    }

    @Test
    void anInterruptedArtifactCopyIsCompletedByARetryWritingOnlyWhatIsMissing() {
        writeRun("exec-1", "churn-gbdt");
        ModelVersion recorded = fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        String bucket = fx.env.get("ZOO_BUCKET");
        // as if the first attempt stopped after copying model.txt to the version's home
        for (String key : List.of("models/churn/v1/evaluation.json", "archive/2026/03/07/churn/v1/evaluation.json",
                "archive/2026/03/07/churn/v1/model.txt")) {
            fx.s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
        stores.journal().clear();

        ModelVersion retried = fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));

        assertThat(retried).isEqualTo(recorded);
        assertThat(fx.registry.versions("churn")).hasSize(1);
        assertThat(stores.journal().successfulWrites()).extracting(RequestJournal.Entry::operation)
                .containsExactlyInAnyOrder("PUT /" + bucket + "/models/churn/v1/evaluation.json",
                        "PUT /" + bucket + "/archive/2026/03/07/churn/v1/evaluation.json",
                        "PUT /" + bucket + "/archive/2026/03/07/churn/v1/model.txt");
    }

    @Test
    void aRegistrationIntoAnUnreachableBucketRecordsNothing() {
        String bucket = fx.env.get("ZOO_BUCKET") + "-missing";
        ModelRegistry registry = new ModelRegistry(fx.dynamo, fx.env.get("ZOO_TABLE"), new ArtifactStore(fx.s3, bucket),
                events);

        assertThatThrownBy(() -> registry.register(registration("exec-1", "churn-gbdt", "churn")))
                .isInstanceOf(RegistryException.class).hasMessageContaining(bucket);
        assertThat(registry.registration("exec-1", "churn-gbdt")).isEmpty();
        assertThat(registry.latestVersions()).isEmpty();
    }

    @Test
    void aVersionTheBucketHoldsButTheRegistryForgotIsNeverOverwritten() {
        writeRun("exec-1", "churn-gbdt");
        fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        byte[] manifestBefore = "{\"execution_id\": \"exec-1\"}".getBytes(StandardCharsets.UTF_8);
        fx.artifacts.putBytes("models/churn/v1/manifest.json", manifestBefore, "application/json");
        // the registry table is gone (a new, empty one), the bucket is not; another Saturday trains churn
        RegistryFixture forgetful = new RegistryFixture(stores, events);
        ModelRegistry registry = new ModelRegistry(forgetful.dynamo, forgetful.env.get("ZOO_TABLE"), fx.artifacts,
                events);
        String prefix = ArtifactStore.runPrefix("exec-2", "churn-gbdt");
        fx.artifacts.putBytes(prefix + "model.txt", "another tree".getBytes(StandardCharsets.UTF_8), "text/plain");
        fx.artifacts.putBytes(prefix + "manifest.json", "{\"execution_id\": \"exec-2\"}".getBytes(StandardCharsets.UTF_8),
                "application/json");

        assertThatThrownBy(() -> registry.register(registration("exec-2", "churn-gbdt", "churn")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("as churn#v1")
                .hasMessageContaining("s3://" + fx.env.get("ZOO_BUCKET") + "/models/churn/v1/ already holds")
                .hasMessageContaining("models/churn/v1/manifest.json", "models/churn/v1/model.txt")
                .hasMessageContaining("Nothing was written");

        assertThat(fx.artifacts.getBytes("models/churn/v1/manifest.json")).contains(manifestBefore);
        assertThat(fx.artifacts.getBytes("models/churn/v1/model.txt")).get()
                .extracting(b -> new String(b, StandardCharsets.UTF_8)).isEqualTo("tree for churn-gbdt");
        assertThat(registry.latestVersions()).isEmpty();
        assertThat(registry.registration("exec-2", "churn-gbdt")).isEmpty();
    }

    @Test
    void aRunWhoseOutputsChangedAfterRegistrationKeepsItsVersionsArtifactsAsFirstWritten() {
        writeRun("exec-1", "churn-gbdt");
        ModelVersion v1 = fx.registry.register(registration("exec-1", "churn-gbdt", "churn"));
        // e.g. the trainer stamps the version id into its own manifest, or a retried job writes a new model
        fx.artifacts.putBytes("runs/exec-1/churn-gbdt/model.txt", "retrained tree".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        stores.journal().clear();

        assertThat(fx.registry.register(registration("exec-1", "churn-gbdt", "churn"))).isEqualTo(v1);

        assertThat(stores.journal().writes()).isEmpty();
        assertThat(fx.artifacts.getBytes("models/churn/v1/model.txt")).get()
                .extracting(b -> new String(b, StandardCharsets.UTF_8)).isEqualTo("tree for churn-gbdt");
    }

    @Test
    void copyingARunNeverReplacesAnObjectAlreadyInTheVersionsHome() {
        writeRun("exec-1", "churn-gbdt");
        fx.artifacts.putBytes("models/churn/v4/model.txt", "first".getBytes(StandardCharsets.UTF_8), "text/plain");

        List<String> written = fx.artifacts.copyRunToVersion("exec-1", "churn-gbdt", "churn", 4,
                RegistryFixture.STARTED);

        assertThat(written).doesNotContain("models/churn/v4/model.txt").contains("models/churn/v4/evaluation.json");
        assertThat(fx.artifacts.getBytes("models/churn/v4/model.txt")).get()
                .extracting(b -> new String(b, StandardCharsets.UTF_8)).isEqualTo("first");
        assertThat(fx.artifacts.foreignObjects("exec-1", "churn-gbdt", "churn", 4, RegistryFixture.STARTED))
                .containsExactly("models/churn/v4/model.txt");
    }

    @Test
    void storedVersionsReadsLabelAndNumberBackFromTheLayout() {
        fx.artifacts.putBytes(ArtifactStore.modelPrefix("churn", 1) + "model.txt", new byte[]{1}, "text/plain");
        fx.artifacts.putBytes(ArtifactStore.modelPrefix("churn", 12) + "manifest.json", new byte[]{1}, "text/plain");
        fx.artifacts.putBytes(ArtifactStore.modelPrefix("demand-uplift", 3) + "model.txt", new byte[]{1}, "text/plain");
        fx.artifacts.putBytes("models/README.txt", new byte[]{1}, "text/plain");

        assertThat(fx.artifacts.storedVersions()).containsExactly(
                Map.entry("churn", new TreeSet<>(List.of(1, 12))),
                Map.entry("demand-uplift", new TreeSet<>(List.of(3))));
    }

    @Test
    void newestObjectFindsTheFreshestKey() {
        assertThat(fx.artifacts.newestObject("datasets/churn/")).isEmpty();
        fx.artifacts.putBytes("datasets/churn/part-0.csv", "a".getBytes(StandardCharsets.UTF_8), "text/csv");
        StoredObject only = fx.artifacts.newestObject("datasets/churn/").orElseThrow();
        assertThat(only.key()).isEqualTo("datasets/churn/part-0.csv");
        assertThat(only.size()).isEqualTo(1);
        assertThat(only.lastModified()).isBefore(Instant.now().plusSeconds(5));
        assertThat(fx.artifacts.bucketExists()).isTrue();
        assertThat(new ArtifactStore(fx.s3, "no-such-bucket-here").bucketExists()).isFalse();
    }
}
