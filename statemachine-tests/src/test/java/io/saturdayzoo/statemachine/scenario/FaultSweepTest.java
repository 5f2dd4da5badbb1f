package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.binding.SaturdayBindings;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exhaustive single-fault sweep: a failure injected at every Task state in turn, then at every pair of Task
 * states across the two branches. Every case runs the real definition on in-memory stores (shared by the cases,
 * each in a table and a bucket of its own) with real (tiny) training, and checks the three promises: the sibling
 * branch runs to its own terminal, the execution fails if and only if a hard step failed, and no registered version
 * or weight is lost or duplicated.
 */
class FaultSweepTest {
    private static final int ROWS = 3_000;
    private static final AtomicInteger EXECUTED = new AtomicInteger();
    /** One pair of engines for the sweep; each case has a table and a bucket of its own on them. */
    @RegisterExtension
    static final SharedStores STORES = new SharedStores();

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (String task : allTasks()) {
            cases.add(Arguments.of(List.of(task)));
        }
        for (String a : Scenarios.BRANCH_A_TASKS) {
            for (String b : Scenarios.BRANCH_B_TASKS) {
                cases.add(Arguments.of(List.of(a, b)));
            }
        }
        return cases.stream();
    }

    /** Every Task state of the synthesized definition, so a Task added later joins the sweep by itself. */
    private static List<String> allTasks() {
        try {
            return List.copyOf(SaturdayBindings.tasks(new ObjectMapper().readTree(Scenarios.definition())).keySet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSweepCoversEveryTaskStateOfTheDefinition() {
        Set<String> known = new HashSet<>(Scenarios.TOP_LEVEL_TASKS);
        known.addAll(Scenarios.FRIDAY_TASKS);
        known.addAll(Scenarios.BRANCH_A_TASKS);
        known.addAll(Scenarios.BRANCH_B_TASKS);
        known.addAll(Scenarios.UNREACHED_TASKS);
        assertThat(allTasks()).containsExactlyInAnyOrderElementsOf(known);
    }

    @ParameterizedTest(name = "fault at {0}")
    @MethodSource("faults")
    void aFaultNeverLeaksAcrossBranchesOrLosesData(List<String> faulty) {
        // the Friday dry run's tasks are only reached on its input
        String input = Scenarios.FRIDAY_TASKS.containsAll(faulty) ? Scenarios.FRIDAY_INPUT : "{}";
        try (LocalSaturday saturday = STORES.saturday(ROWS).build()) {
            LocalRunReport report = saturday.run(input, Scenarios.failing(faulty));
            EXECUTED.incrementAndGet();

            assertThat(Scenarios.isolationViolations(report)).as("branch isolation").isEmpty();
            Set<String> hardFaultsReached = new LinkedHashSet<>(faulty);
            hardFaultsReached.removeAll(Scenarios.FAIL_SOFT);
            hardFaultsReached.retainAll(report.tasksRun());
            assertThat(report.status()).as("faults reached: %s; error %s: %s", hardFaultsReached, report.error(),
                    report.cause()).isEqualTo(hardFaultsReached.isEmpty() ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED);
            for (String fault : faulty) {
                if (report.tasksRun().contains(fault)) {
                    assertThat(report.failedStates()).contains(fault);
                }
            }
            assertThat(Scenarios.dataViolations(saturday, report, Scenarios.trainedSpecs(report))).as("data").isEmpty();
            if (report.enteredStates().contains("ResearchPredictorParallel") && !faulty.contains("Research")
                    && !Scenarios.BRANCH_B_TASKS.stream().anyMatch(faulty::contains)) {
                // no fault in branch B's way: every spec trained
                assertThat(Scenarios.trainedSpecs(report)).containsExactlyInAnyOrderElementsOf(Scenarios.activeSpecIds(saturday));
            }
        }
    }

    @AfterAll
    static void count() {
        System.out.println("fault sweep: " + EXECUTED.get() + " injected-fault scenarios executed");
    }
}
