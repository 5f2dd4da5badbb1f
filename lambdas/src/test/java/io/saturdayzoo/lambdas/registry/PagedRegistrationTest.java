package io.saturdayzoo.lambdas.registry;

import io.saturdayzoo.core.attempts.AttemptLog;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.json.OperationField;
import io.saturdayzoo.core.registry.RegistryOperations;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import io.saturdayzoo.localstores.RequestJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** register_candidates a page at a time, as the Saturday definition loops it over a thousand trained specs. */
@ExtendWith(ZooFixture.Extension.class)
class PagedRegistrationTest {

    private static final Instant DONE = Instant.parse("2026-11-21T09:30:00Z");

    private static String spec(int i) {
        return String.format("spec-%04d", i);
    }

    private static String label(int i) {
        return String.format("label-%04d", i);
    }

    /** A catalog of {@code n} specs, each its own label, for the handler's attempt records. */
    private static Map<String, String> env(ZooFixture zoo, int n) throws IOException {
        String specs = IntStream.range(0, n).mapToObj(i -> """
                {"id": "%s", "kind": "lightgbm", "label": "%s", "status": "active", "params": {},
                 "dataset": {"uri": "s3://test-data/datasets/%s/", "time_column": "ts", "target_column": "y"}}"""
                .formatted(spec(i), label(i), label(i))).collect(Collectors.joining(",\n"));
        Path catalog = Files.createTempFile("zoo-catalog", ".json");
        catalog.toFile().deleteOnExit();
        Files.writeString(catalog, "{\"zoo\": \"paged\", \"budget\": " + n + ", \"specs\": [" + specs + "]}");
        return zoo.envWith("ZOO_CATALOG", catalog.toString());
    }

    private static Map<String, Object> request(String execution, List<Map<String, Object>> results, int cursor) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(OperationField.NAME, RegistryOperations.REGISTER_CANDIDATES);
        request.put("execution_id", execution);
        request.put("results", results);
        request.put(CandidatePages.CURSOR, cursor);
        return request;
    }

    /** Calls the handler from cursor 0 until it answers done, as the definition's loop does; returns every answer. */
    private static List<Map<String, Object>> registerAll(RegistryHandler handler, String execution,
                                                         List<Map<String, Object>> results) {
        List<Map<String, Object>> answers = new ArrayList<>();
        int cursor = 0;
        while (true) {
            Map<String, Object> answer = handler.handleRequest(request(execution, results, cursor), null);
            answers.add(answer);
            if (Boolean.TRUE.equals(answer.get(CandidatePages.DONE))) {
                return answers;
            }
            cursor = (Integer) answer.get(CandidatePages.CURSOR);
        }
    }

    @Test
    void twentyFiveTrainedSpecsRegisterInPagesOfTenAndARepeatedLoopRegistersNothingTwice(ZooFixture zoo)
            throws IOException {
        // pages of 10 keep this test short; the scale bench (local-runner/bench/scale.sh) registers 1,000 in
        // the production pages of 100
        int n = 25;
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) { // small runs: the manifest alone (what registration reads) is copied
            zoo.artifacts().writeRunManifest(new RunManifest("exec-big", spec(i), label(i), "lightgbm", "job-" + i,
                    "abc1234", "sha256:0123", Map.of(), new DatasetRef("s3://test-data/" + label(i) + "/", "ts", "y"),
                    Map.of("auc", 0.7), DONE.minusSeconds(600), DONE, 0.01));
            results.add(Map.of("spec_id", spec(i), "status", "OK"));
        }
        RegistryHandler handler = new RegistryHandler(env(zoo, n), 10);

        List<Map<String, Object>> answers = registerAll(handler, "exec-big", results);

        assertThat(answers).extracting(a -> a.get(CandidatePages.CURSOR)).containsExactly(10, 20, 25);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> registered = (List<Map<String, Object>>) answers.get(answers.size() - 1)
                .get("registered");
        assertThat(registered).extracting(r -> r.get("spec_id"))
                .containsExactlyElementsOf(IntStream.range(0, n).mapToObj(PagedRegistrationTest::spec).toList());
        assertThat(registered).extracting(r -> r.get("version")).containsOnly(1);
        assertThat(zoo.registry().registeredBy("exec-big")).hasSize(n);

        zoo.stores().journal().clear();
        List<Map<String, Object>> again = registerAll(handler, "exec-big", results);

        assertThat(again.get(again.size() - 1).get("registered")).isEqualTo(registered);
        assertThat(zoo.registry().latestVersions()).hasSize(n)
                .allSatisfy((label, v) -> assertThat(v.versionNumber()).isEqualTo(1));
        // nothing registered and no attempt counted again: no transaction, no put of an attempt summary
        assertThat(zoo.stores().journal().successfulWrites()).extracting(RequestJournal.Entry::operation)
                .doesNotContain("TransactWriteItems", "PutItem");
        assertThat(new AttemptLog(io.saturdayzoo.core.aws.AwsClients.dynamoDb(zoo.env()), zoo.table())
                .summaries(List.of(spec(0), spec(24))).values())
                .allSatisfy(a -> assertThat(a.lastExecution()).isEqualTo("exec-big"));
    }

    @Test
    void theLastPageNamesEveryFailedSpecOfEveryPageWithItsReason(ZooFixture zoo) throws IOException {
        int n = 25;
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i == 7) {
                results.add(Map.of("spec_id", spec(i), "status", "FAILED",
                        "error", Map.of("Error", "States.TaskFailed", "Cause", "Spot capacity reclaimed")));
                continue;
            }
            if (i != 12 && i != 22) { // 12 and 22 say OK but left no run behind
                zoo.writeRun("exec-p", spec(i), label(i), Map.of("auc", 0.7), DONE);
            }
            results.add(Map.of("spec_id", spec(i), "status", "OK"));
        }
        RegistryHandler handler = new RegistryHandler(env(zoo, n), 10);

        assertThat(handler.handleRequest(request("exec-p", results, 0), null))
                .isEqualTo(Map.of(CandidatePages.CURSOR, 10, CandidatePages.DONE, false));
        assertThat(handler.handleRequest(request("exec-p", results, 10), null))
                .isEqualTo(Map.of(CandidatePages.CURSOR, 20, CandidatePages.DONE, false));
        SpecsFailed last = catchThrowableOfType(SpecsFailed.class,
                () -> handler.handleRequest(request("exec-p", results, 20), null));

        assertThat(last.failedSpecIds()).containsExactly(spec(7), spec(12), spec(22));
        assertThat(last.failures().get(spec(7))).isEqualTo("training failed: States.TaskFailed: Spot capacity reclaimed");
        assertThat(last.failures().get(spec(12))).startsWith("trained but no manifest at s3://" + zoo.bucket()
                + "/runs/exec-p/" + spec(12) + "/manifest.json");
        assertThat(last.failures().get(spec(22))).startsWith("trained but no manifest at");
        assertThat(zoo.registry().registeredBy("exec-p")).hasSize(n - 3);
    }

    @Test
    void aCursorOutsideTheResultsIsRejectedByName(ZooFixture zoo) throws IOException {
        RegistryHandler handler = new RegistryHandler(env(zoo, 1));
        List<Map<String, Object>> results = List.of(Map.of("spec_id", spec(0), "status", "OK"));
        assertThatThrownBy(() -> handler.handleRequest(request("exec-c", results, 2), null))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("field 'cursor': expected an integer from 0 to the 1 results, got 2");
    }
}
