package io.saturdayzoo.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.execution.HistoryQueries;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.local.binding.NotificationLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of one local Saturday: what Step Functions would show (status, error, cause, history), plus what the
 * run left behind in the local stores (versions it registered, every key in the zoo bucket, notifications sent).
 *
 * @param branches      outcome of each branch of the top-level Parallel, in branch order
 * @param specResults   per selected spec: "OK" or "FAILED" (from the training Map's item results), in item order
 * @param registered    versions this execution registered (registry record RUN#{execution})
 * @param bucketKeys    every object key in the zoo bucket after the run
 * @param championChanges champion pointers that moved during the run
 * @param executions    the execution and each child execution its Distributed Maps started, with its history's size
 */
public record LocalRunReport(String executionId, ExecutionStatus status, String error, String cause, JsonNode output,
                             List<HistoryEvent> history, List<BranchOutcome> branches,
                             Map<String, String> specResults, List<ModelVersion> registered, List<String> bucketKeys,
                             List<NotificationLog.Notification> notifications, List<ChampionChange> championChanges,
                             Duration wallTime, List<ExecutionEvents> executions) {

    /**
     * One execution's history size: the run itself ({@code mapState} null), or a child execution of a Distributed
     * Map, item {@code index} of {@code mapState}. Step Functions ends any execution whose history passes 25,000.
     */
    public record ExecutionEvents(String executionArn, String mapState, int index, int events) {
    }

    /** The largest history among the run and its child executions. */
    public int mostEventsInOneExecution() {
        return executions.stream().mapToInt(ExecutionEvents::events).max().orElse(history.size());
    }

    /** A label whose champion pointer moved during the run; {@code from} is null when it had none. */
    public record ChampionChange(String label, String from, String to) {
    }

    /**
     * How one Parallel branch ended.
     *
     * @param name          "A", "B", ... by branch order
     * @param status        "OK" or "FAILED" as the branch reported it, "ABORTED" if it was cancelled, "NOT_RUN"
     * @param terminalState the last state the branch entered
     * @param taskStates    Task states the branch ran (empty when it skipped its work)
     */
    public record BranchOutcome(String name, String status, String terminalState, List<String> taskStates) {
        public boolean skipped() {
            return "OK".equals(status) && taskStates.isEmpty();
        }
    }

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    public Optional<BranchOutcome> branch(String name) {
        return branches.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** Status of branch "A" or "B", or "NOT_RUN" when the Parallel was never reached. */
    public String branchStatus(String name) {
        return branch(name).map(BranchOutcome::status).orElse("NOT_RUN");
    }

    /** @see HistoryQueries#enteredStates */
    public Set<String> enteredStates() {
        return HistoryQueries.enteredStates(history);
    }

    /** @see HistoryQueries#failedStates */
    public Set<String> failedStates() {
        return HistoryQueries.failedStates(history);
    }

    /** The Fail state the execution ended in, if it ended in one. */
    public Optional<String> failState() {
        return history.stream().filter(e -> e.type() == HistoryEventType.FailStateEntered)
                .reduce((a, b) -> b).map(HistoryEvent::stateName);
    }

    /** Task states whose Task was actually called (mocked or bound), each once. */
    public Set<String> tasksRun() {
        Set<String> names = new LinkedHashSet<>();
        history.stream().filter(e -> e.type() == HistoryEventType.TaskStarted).forEach(e -> names.add(e.stateName()));
        return names;
    }

    /** How many times a Task state was started (Map iterations count separately). */
    public long taskStarts(String stateName) {
        return history.stream().filter(e -> e.type() == HistoryEventType.TaskStarted
                && stateName.equals(e.stateName())).count();
    }

    /** The output the named state produced on its last exit, if it exited. */
    public Optional<JsonNode> stateOutput(String stateName) {
        return history.stream().filter(e -> e.type().name().endsWith("StateExited") && stateName.equals(e.stateName()))
                .reduce((a, b) -> b).map(e -> e.details().path("output"));
    }

    /**
     * SelectRotation's choice as the handler returned it (selected, ensembles, reasons, quarantined, quarantine),
     * if the state ran.
     */
    public Optional<JsonNode> rotation() {
        return stateOutput("SelectRotation").map(o -> o.path("rotation")).filter(JsonNode::isObject);
    }

    /** Spec id -> why rotation picked or skipped it, in catalog order (empty when SelectRotation did not run). */
    public Map<String, String> rotationReasons() {
        Map<String, String> out = new LinkedHashMap<>();
        rotation().map(r -> r.path("reasons")).ifPresent(r -> r.fields()
                .forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText())));
        return out;
    }

    /** Spec id -> the quarantine reason, for each spec rotation skipped as quarantined. */
    public Map<String, String> quarantined() {
        Map<String, String> out = new LinkedHashMap<>();
        rotation().map(r -> r.path("quarantined")).ifPresent(q -> q.forEach(
                item -> out.put(item.path("spec_id").asText(), item.path("reason").asText())));
        return out;
    }

    /** Reads the branch outcomes of the first top-level Parallel out of a history. */
    static List<BranchOutcome> branchOutcomes(List<HistoryEvent> history) {
        String parallel = history.stream().filter(e -> e.type() == HistoryEventType.ParallelStateEntered
                && e.path().isEmpty()).map(HistoryEvent::stateName).findFirst().orElse(null);
        if (parallel == null) {
            return List.of();
        }
        Map<Integer, List<HistoryEvent>> byBranch = new java.util.TreeMap<>();
        String prefix = parallel + "/Branches[";
        for (HistoryEvent e : history) {
            if (e.path().startsWith(prefix)) {
                int index = Integer.parseInt(e.path().substring(prefix.length(), e.path().indexOf(']', prefix.length())));
                byBranch.computeIfAbsent(index, i -> new ArrayList<>()).add(e);
            }
        }
        List<BranchOutcome> out = new ArrayList<>();
        for (Map.Entry<Integer, List<HistoryEvent>> branch : byBranch.entrySet()) {
            String name = String.valueOf((char) ('A' + branch.getKey()));
            String own = prefix + branch.getKey() + "]";
            List<HistoryEvent> events = branch.getValue();
            String last = null;
            JsonNode lastOutput = null;
            boolean aborted = false;
            Set<String> tasks = new LinkedHashSet<>();
            for (HistoryEvent e : events) {
                if (e.type() == HistoryEventType.TaskStarted) {
                    tasks.add(e.stateName());
                }
                if (!e.path().equals(own)) {
                    continue; // inside a nested Map iteration: not the branch's own control flow
                }
                if (e.type().name().endsWith("StateEntered")) {
                    last = e.stateName();
                    lastOutput = null;
                } else if (e.type().name().endsWith("StateExited") && e.stateName().equals(last)) {
                    lastOutput = e.details().path("output");
                } else if (e.type() == HistoryEventType.ParallelBranchAborted) {
                    aborted = true;
                }
            }
            String status = aborted ? "ABORTED" : statusOf(lastOutput, last);
            out.add(new BranchOutcome(name, status, last, List.copyOf(tasks)));
        }
        return List.copyOf(out);
    }

    /** The status a branch terminal reported: a "branch_*_status" field of its output, else its name. */
    private static String statusOf(JsonNode output, String terminal) {
        if (output != null) {
            for (var it = output.fields(); it.hasNext(); ) {
                var field = it.next();
                if (field.getKey().startsWith("branch_") && field.getKey().endsWith("_status")) {
                    return field.getValue().asText();
                }
            }
        }
        if (terminal == null) {
            return "NOT_RUN";
        }
        return terminal.endsWith("Failed") ? "FAILED" : output == null ? "RUNNING" : "OK";
    }
}
