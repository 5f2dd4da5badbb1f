package io.saturdayzoo.lambdas.registry;

import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.core.registry.WarmStart;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.saturdayzoo.lambdas.testing.ZooFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@ExtendWith(ZooFixture.Extension.class)
class RegistryHandlerTest {

    private static final Instant DONE = Instant.parse("2026-11-21T09:30:00Z");

    private static final String ALL_OK = """
            {"operation": "register_candidates", "execution_id": "exec-7", "results": [
              {"spec_id": "alpha-gbdt", "status": "OK"},
              {"spec_id": "beta-gbdt", "status": "OK"},
              {"spec_id": "gamma-dart", "status": "OK"}]}
            """;

    private static void trainAll(ZooFixture zoo) {
        zoo.writeRun("exec-7", "alpha-gbdt", "alpha", Map.of("auc", 0.81), DONE);
        zoo.writeRun("exec-7", "beta-gbdt", "beta", Map.of("auc", 0.77, "logloss", 0.41), DONE);
        zoo.writeRun("exec-7", "gamma-dart", "gamma", Map.of("auc", 0.69), DONE);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> registered(Map<String, Object> out) {
        return (List<Map<String, Object>>) out.get("registered");
    }

    private static List<Object> versionIds(Object versions) {
        return ((List<?>) versions).stream().map(v -> ((Map<?, ?>) v).get("version_id")).map(Object.class::cast).toList();
    }

    @Test
    void registerCandidatesRegistersEveryTrainedSpecFromItsManifest(ZooFixture zoo) {
        zoo.registerRun("exec-6", "beta-gbdt", "beta", 0.75, DONE.minusSeconds(7 * 86400)); // beta already has v1
        trainAll(zoo);

        Map<String, Object> out = new RegistryHandler(zoo.env()).handleRequest(event(ALL_OK), null);

        assertThat(registered(out)).extracting(r -> r.get("spec_id"), r -> r.get("version"), r -> r.get("parent_version_id"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alpha-gbdt", 1, null),
                        org.assertj.core.groups.Tuple.tuple("beta-gbdt", 2, "beta#v1"),
                        org.assertj.core.groups.Tuple.tuple("gamma-dart", 1, null));
        ModelVersion beta = zoo.registry().version("beta", 2).orElseThrow();
        assertThat(beta.lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
        assertThat(beta.trainedBy()).isEqualTo("exec-7");
        assertThat(beta.metrics()).containsEntry("auc", 0.77).containsEntry("logloss", 0.41);
        assertThat(zoo.artifacts().getBytes("models/beta/v2/model.txt")).isPresent();
        assertThat(zoo.artifacts().getBytes("archive/2026/11/21/beta/v2/manifest.json")).isPresent();
    }

    @Test
    void registerCandidatesAlsoRegistersAKilledEarlierRunOnceAndLeavesRegisteredRunsAlone(ZooFixture zoo) {
        // killed after its trainer wrote the run, before its RegisterCandidates: a manifest and no RUN# record
        zoo.writeRun("exec-killed", "delta-gbdt", "delta", Map.of("auc", 0.74), DONE.minusSeconds(7 * 86400));
        zoo.registerRun("exec-6", "beta-gbdt", "beta", 0.75, DONE.minusSeconds(7 * 86400));
        trainAll(zoo);
        RegistryHandler handler = new RegistryHandler(zoo.env());

        Map<String, Object> out = handler.handleRequest(event(ALL_OK), null);

        assertThat(out.get("recovered")).isEqualTo(List.of(Map.of("execution_id", "exec-killed",
                "spec_id", "delta-gbdt", "version_id", "delta#v1")));
        ModelVersion delta = zoo.registry().version("delta", 1).orElseThrow();
        assertThat(delta.trainedBy()).isEqualTo("exec-killed");
        assertThat(delta.lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
        assertThat(zoo.registry().registration("exec-killed", "delta-gbdt")).contains(delta);
        assertThat(zoo.artifacts().getBytes("models/delta/v1/model.txt")).isPresent();
        assertThat(handler.handleRequest(event(ALL_OK), null).get("recovered")).isEqualTo(List.of());
        assertThat(zoo.registry().versions("delta")).hasSize(1);
    }

    @Test
    void registerCandidatesIsIdempotentAcrossRetriesAndTrainerRegistrations(ZooFixture zoo) {
        trainAll(zoo);
        // the trainer registered alpha itself before the Lambda ran
        ModelVersion byTrainer = zoo.registry().register(
                zoo.artifacts().readRunManifest("exec-7", "alpha-gbdt").orElseThrow().toRegistration());
        RegistryHandler handler = new RegistryHandler(zoo.env());

        Map<String, Object> first = handler.handleRequest(event(ALL_OK), null);
        Map<String, Object> second = handler.handleRequest(event(ALL_OK), null);

        assertThat(second).isEqualTo(first);
        assertThat(registered(first).get(0)).containsEntry("version_id", byTrainer.versionId());
        for (String label : List.of("alpha", "beta", "gamma")) {
            assertThat(zoo.registry().versions(label)).as(label).hasSize(1);
        }
    }

    @Test
    void failedSpecsAreNamedAfterTheOthersAreRegistered(ZooFixture zoo) {
        zoo.writeRun("exec-8", "alpha-gbdt", "alpha", Map.of("auc", 0.8), DONE);
        zoo.writeRun("exec-8", "delta-gbdt", "delta", Map.of("auc", 0.7), DONE);
        // gamma "succeeded" but left no manifest: it must be reported too, not silently skipped
        Map<String, Object> event = event("""
                {"operation": "register_candidates", "execution_id": "exec-8", "results": [
                  {"spec_id": "alpha-gbdt", "status": "OK"},
                  {"spec_id": "beta-gbdt", "status": "FAILED",
                   "error": {"Error": "States.TaskFailed", "Cause": "spot instance reclaimed"}},
                  {"spec_id": "gamma-dart", "status": "OK"},
                  {"spec_id": "delta-gbdt", "status": "OK"}]}
                """);

        SpecsFailed error = catchThrowableOfType(SpecsFailed.class,
                () -> new RegistryHandler(zoo.env()).handleRequest(event, null));

        assertThat(error.errorName()).isEqualTo("SpecsFailed");
        assertThat(error.failedSpecIds()).containsExactly("beta-gbdt", "gamma-dart");
        assertThat(error.failures().get("beta-gbdt")).isEqualTo("training failed: States.TaskFailed: spot instance reclaimed");
        assertThat(error.failures().get("gamma-dart")).startsWith("trained but no manifest at s3://" + zoo.bucket()
                + "/runs/exec-8/gamma-dart/manifest.json");
        assertThat(error.getMessage()).startsWith("2 specs failed: beta-gbdt (").endsWith("Registered: alpha#v1, delta#v1");
        assertThat(zoo.registry().registration("exec-8", "alpha-gbdt")).isPresent();
        assertThat(zoo.registry().registration("exec-8", "delta-gbdt")).isPresent();
        assertThat(zoo.registry().registration("exec-8", "gamma-dart")).isEmpty();
        assertThat(zoo.registry().candidates("exec-8")).extracting(ModelVersion::specId)
                .containsExactly("alpha-gbdt", "delta-gbdt");
    }

    @Test
    void anInvalidManifestFailsOnlyItsSpec(ZooFixture zoo) {
        zoo.writeRun("exec-9", "alpha-gbdt", "alpha", Map.of("auc", 0.8), DONE);
        zoo.writeRun("exec-9", "beta-gbdt", "beta", Map.of(), DONE); // no metrics: the registry refuses it

        SpecsFailed error = catchThrowableOfType(SpecsFailed.class, () -> new RegistryHandler(zoo.env()).handleRequest(
                event("""
                        {"operation": "register_candidates", "execution_id": "exec-9", "results": [
                          {"spec_id": "beta-gbdt", "status": "OK"}, {"spec_id": "alpha-gbdt", "status": "OK"}]}
                        """), null));

        assertThat(error.failedSpecIds()).containsExactly("beta-gbdt");
        assertThat(error.failures().get("beta-gbdt")).contains("field 'metrics': empty");
        assertThat(error.registered()).extracting(r -> r.get("version_id")).containsExactly("alpha#v1");
    }

    @Test
    void registerReadsOneManifestFromTheBucketOrTakesItInline(ZooFixture zoo) {
        zoo.writeRun("exec-10", "delta-gbdt", "delta", Map.of("auc", 0.66), DONE);
        RegistryHandler handler = new RegistryHandler(zoo.env());

        Map<String, Object> fromBucket = handler.handleRequest(event(
                "{\"operation\": \"register\", \"execution_id\": \"exec-10\", \"spec_id\": \"delta-gbdt\"}"), null);
        assertThat(fromBucket.get("registered")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("version_id", "delta#v1").containsEntry("lifecycle", "CANDIDATE");

        zoo.writeRun("exec-11", "delta-gbdt", "delta", Map.of("auc", 0.67), DONE.plusSeconds(60));
        String inline = new String(zoo.artifacts().getBytes(ArtifactStore.runPrefix("exec-11", "delta-gbdt")
                + ArtifactStore.MANIFEST_FILE).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> fromInline = handler.handleRequest(event(
                "{\"operation\": \"register\", \"manifest\": " + inline + "}"), null);
        assertThat(fromInline.get("registered")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("version_id", "delta#v2").containsEntry("parent_version_id", "delta#v1");
    }

    @Test
    void registerLinksTheManifestsChosenParentAndCarriesItsCallerAndAllocation(ZooFixture zoo) throws Exception {
        zoo.registerRun("exec-20", "delta-gbdt", "delta", 0.66, DONE);
        zoo.registerRun("exec-21", "delta-gbdt", "delta", 0.67, DONE.plusSeconds(60));
        RunManifest saturday = zoo.writeRun("od-1", "delta-gbdt", "delta", Map.of("auc", 0.7), DONE.plusSeconds(120));
        RunManifest onDemand = new RunManifest(saturday.executionId(), saturday.specId(), saturday.label(),
                saturday.kind(), saturday.jobId(), saturday.codeCommit(), saturday.imageDigest(), saturday.params(),
                saturday.dataset().readFrom("s3://test-data/adhoc/delta.csv", "etag:9b2cf535f27731c974343645a3985328"),
                saturday.metrics(), saturday.startedAt(), saturday.completedAt(), saturday.costEstimateUsd(), null,
                "delta#v1", WarmStart.applied("delta#v1"), "ana@example.com", "alloc-9");
        zoo.artifacts().writeRunManifest(onDemand);

        Map<String, Object> out = new RegistryHandler(zoo.env()).handleRequest(event(
                "{\"operation\": \"register\", \"execution_id\": \"od-1\", \"spec_id\": \"delta-gbdt\"}"), null);

        assertThat(out.get("registered")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("version_id", "delta#v3").containsEntry("parent_version_id", "delta#v1")
                .containsEntry("caller", "ana@example.com").containsEntry("allocation_id", "alloc-9")
                .containsEntry("warm_start", Map.of("from", "delta#v1", "applied", true))
                .containsEntry("dataset_digest", "etag:9b2cf535f27731c974343645a3985328");
        ModelVersion v3 = zoo.registry().version("delta#v3").orElseThrow();
        assertThat(v3.parentVersionId()).isEqualTo("delta#v1"); // the chosen parent, not the latest (v2)
        assertThat(v3.origin().caller()).isEqualTo("ana@example.com");
        assertThat(v3.origin().allocationId()).isEqualTo("alloc-9");
        assertThat(v3.datasetRef().digest()).isEqualTo("etag:9b2cf535f27731c974343645a3985328");
    }

    @Test
    void registerWithoutAManifestNamesTheMissingKey(ZooFixture zoo) {
        assertThatThrownBy(() -> new RegistryHandler(zoo.env()).handleRequest(event(
                "{\"operation\": \"register\", \"execution_id\": \"exec-12\", \"spec_id\": \"beta-gbdt\"}"), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("spec 'beta-gbdt': no manifest at s3://" + zoo.bucket() + "/runs/exec-12/beta-gbdt/manifest.json");
    }

    @Test
    void promoteAndListCandidates(ZooFixture zoo) {
        zoo.registerRun("exec-13", "alpha-gbdt", "alpha", 0.8, DONE);
        zoo.registerRun("exec-13", "beta-gbdt", "beta", 0.7, DONE);
        zoo.registerRun("exec-14", "gamma-dart", "gamma", 0.7, DONE);
        RegistryHandler handler = new RegistryHandler(zoo.env());

        Map<String, Object> promoted = handler.handleRequest(event(
                "{\"operation\": \"promote\", \"label\": \"alpha\", \"version\": 1, \"execution_id\": \"exec-13\"}"), null);
        assertThat(promoted.get("promoted")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("lifecycle", "CHAMPION");
        assertThat(zoo.registry().champion("alpha")).map(ModelVersion::versionId).contains("alpha#v1");

        Map<String, Object> ofExecution = handler.handleRequest(event(
                "{\"operation\": \"list_candidates\", \"execution_id\": \"exec-13\"}"), null);
        assertThat(versionIds(ofExecution.get("candidates"))).containsExactly("beta#v1");
        Map<String, Object> all = handler.handleRequest(event("{\"operation\": \"list_candidates\"}"), null);
        assertThat(versionIds(all.get("candidates"))).containsExactly("beta#v1", "gamma#v1");
    }

    @Test
    void malformedPayloadsAreRejectedByFieldAndValue(ZooFixture zoo) {
        RegistryHandler handler = new RegistryHandler(zoo.env());

        assertThatThrownBy(() -> handler.handleRequest(event("{\"operation\": \"archive\"}"), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("field 'operation': unknown operation \"archive\" (expected one of register, promote, "
                        + "list_candidates, register_candidates)");
        assertThatThrownBy(() -> handler.handleRequest(event("{\"execution_id\": \"x\"}"), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("field 'operation': missing (expected a non-empty string)");
        assertThatThrownBy(() -> handler.handleRequest(event("""
                {"operation": "register_candidates", "execution_id": "x", "results": [{"spec_id": "a", "status": "DONE"}]}
                """), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("field 'results[0].status': expected \"OK\" or \"FAILED\", got \"DONE\"");
        assertThatThrownBy(() -> handler.handleRequest(event(
                "{\"operation\": \"register_candidates\", \"execution_id\": \"x\", \"results\": {}}"), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("field 'results': expected a list of objects, got {}");
        assertThatThrownBy(() -> handler.handleRequest(event(
                "{\"operation\": \"promote\", \"label\": \"alpha\", \"version\": \"1\"}"), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("field 'version': expected a positive integer, got \"1\"");
    }

    private static Map<String, Object> betaFails(String executionId) {
        return event("{\"operation\": \"register_candidates\", \"execution_id\": \"" + executionId + "\", "
                + "\"results\": [{\"spec_id\": \"beta-gbdt\", \"status\": \"FAILED\", \"error\": "
                + "{\"Error\": \"States.TaskFailed\", \"Cause\": \"out of memory\"}}]}");
    }

    @Test
    void everyOutcomeIsRecordedOncePerExecutionAndTheKthFailureSaysItQuarantines(ZooFixture zoo) {
        RegistryHandler handler = new RegistryHandler(zoo.env());
        io.saturdayzoo.core.attempts.AttemptLog attempts = new io.saturdayzoo.core.attempts.AttemptLog(
                io.saturdayzoo.core.aws.AwsClients.dynamoDb(zoo.env()), zoo.table());

        SpecsFailed first = catchThrowableOfType(SpecsFailed.class, () -> handler.handleRequest(betaFails("e1"), null));
        // a retried step reports the same execution again: counted once
        catchThrowableOfType(SpecsFailed.class, () -> handler.handleRequest(betaFails("e1"), null));
        SpecsFailed second = catchThrowableOfType(SpecsFailed.class, () -> handler.handleRequest(betaFails("e2"), null));
        assertThat(first.getMessage()).doesNotContain("quarantined");
        assertThat(second.getMessage()).doesNotContain("quarantined");
        assertThat(attempts.summaries(List.of("beta-gbdt")).get("beta-gbdt").consecutiveFailures()).isEqualTo(2);

        SpecsFailed third = catchThrowableOfType(SpecsFailed.class, () -> handler.handleRequest(betaFails("e3"), null));
        assertThat(third.failures().get("beta-gbdt")).isEqualTo("training failed: States.TaskFailed: out of memory; "
                + "now quarantined after 3 failures in a row: rotation skips it until a run of it succeeds or its "
                + "catalog entry changes");
        io.saturdayzoo.core.attempts.SpecAttempts summary = attempts.summaries(List.of("beta-gbdt")).get("beta-gbdt");
        assertThat(summary.lastError()).isEqualTo("training failed: States.TaskFailed: out of memory");
        assertThat(summary.lastExecution()).isEqualTo("e3");

        // a successful run of it (on demand, through the same registration) releases it
        zoo.writeRun("e4", "beta-gbdt", "beta", Map.of("auc", 0.8), DONE);
        handler.handleRequest(event("{\"operation\": \"register_candidates\", \"execution_id\": \"e4\", "
                + "\"results\": [{\"spec_id\": \"beta-gbdt\", \"status\": \"OK\"}]}"), null);
        assertThat(attempts.summaries(List.of("beta-gbdt")).get("beta-gbdt").consecutiveFailures()).isZero();
    }

    @Test
    void aFailedBatchJobIsDescribedByItsStatusReasonNotItsWholeDescription() {
        String job = "{\"JobId\":\"j-1\",\"Parameters\":{\"allocation_id\":\"" + "x".repeat(400) + "\"},"
                + "\"StatusReason\":\"Essential container in task exited: out of memory\"}";
        assertThat(RegistryHandler.describeError(Map.of("Error", "States.TaskFailed", "Cause", job)))
                .isEqualTo("States.TaskFailed: Essential container in task exited: out of memory (job j-1)");
        assertThat(RegistryHandler.describeError("States.TaskFailed: " + job))
                .isEqualTo("States.TaskFailed: Essential container in task exited: out of memory (job j-1)");
        assertThat(RegistryHandler.describeError(Map.of("Error", "States.Timeout", "Cause", "no heartbeat")))
                .isEqualTo("States.Timeout: no heartbeat");
    }
}
