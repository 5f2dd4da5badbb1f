package io.saturdayzoo.statemachine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.SaturdayServices;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control for the sweep: the same definition with its branch-local terminals cut off (every in-branch Catch
 * removed, so a failing step throws out of its branch) shows the sibling being cancelled, and the sweep's
 * isolation check catching it. Without this, a sweep that could never fail would prove nothing.
 */
class BranchIsolationControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withoutBranchLocalCatchesAResearchFailureCancelsTrainingAndTheIsolationCheckSeesIt() throws IOException {
        String throwingBranches = withoutInBranchCatches(Scenarios.definition());
        CountDownLatch researchFailed = new CountDownLatch(1);
        LocalSaturday.Builder builder = Scenarios.saturday(3_000).definition(throwingBranches)
                .listener(event -> {
                    if (event.type() == HistoryEventType.StateFailed && "Research".equals(event.stateName())) {
                        researchFailed.countDown();
                    }
                })
                // training starts, then waits until Research has failed: the sibling is provably still running
                .container((command, env, out, err) -> {
                    try {
                        researchFailed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return SaturdayServices.trainer(command, env, out, err);
                });
        try (LocalSaturday saturday = builder.build()) {
            LocalRunReport report = saturday.run("{}", Scenarios.failing(List.of("Research")));

            assertThat(report.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(report.branchStatus("B")).isEqualTo("ABORTED");
            assertThat(report.enteredStates()).doesNotContain("BranchBComplete", "RegisterCandidates",
                    "AggregateBranchOutcomes");
            assertThat(Scenarios.isolationViolations(report)).isNotEmpty()
                    .anySatisfy(v -> assertThat(v).contains("branch B is ABORTED"));
        }
    }

    @Test
    void theRealDefinitionPassesTheSameCheckForTheSameFault() {
        try (LocalSaturday saturday = Scenarios.saturday(3_000).build()) {
            LocalRunReport report = saturday.run("{}", Scenarios.failing(List.of("Research")));
            assertThat(Scenarios.isolationViolations(report)).isEmpty();
            assertThat(report.branchStatus("B")).isEqualTo("OK");
        }
    }

    /** Removes every Catch inside the Parallel's branches (Map item processors included). */
    static String withoutInBranchCatches(String definition) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(definition);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("States").fields(); it.hasNext(); ) {
            JsonNode state = it.next().getValue();
            if ("Parallel".equals(state.path("Type").asText())) {
                for (JsonNode branch : (ArrayNode) state.get("Branches")) {
                    stripCatches(branch);
                }
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static void stripCatches(JsonNode scope) {
        for (Iterator<Map.Entry<String, JsonNode>> it = scope.path("States").fields(); it.hasNext(); ) {
            ObjectNode state = (ObjectNode) it.next().getValue();
            state.remove("Catch");
            if (state.has("ItemProcessor")) {
                stripCatches(state.get("ItemProcessor"));
            }
        }
        // the *Failed terminals were only reachable through a Catch: drop what is now unreachable (ASL forbids it)
        java.util.Set<String> reachable = new java.util.HashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(scope.path("StartAt").asText()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            JsonNode state = scope.path("States").path(name);
            if (!reachable.add(name) || state.isMissingNode()) {
                continue;
            }
            if (state.path("Next").isTextual()) {
                todo.push(state.get("Next").asText());
            }
            if (state.path("Default").isTextual()) {
                todo.push(state.get("Default").asText());
            }
            state.path("Choices").forEach(c -> todo.push(c.path("Next").asText()));
        }
        ((ObjectNode) scope.get("States")).retain(reachable);
    }
}
