package io.saturdayzoo.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a finished local execution did, read from its history and the registry: the parts of a {@link LocalRunReport}. */
final class FinishedRun {
    private FinishedRun() {
    }

    /** The labels whose champion differs after the run from before it. */
    static List<LocalRunReport.ChampionChange> championChanges(Map<String, String> before, Map<String, String> after) {
        return after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(e -> new LocalRunReport.ChampionChange(e.getKey(), before.get(e.getKey()), e.getValue()))
                .toList();
    }

    /**
     * Item results of the training Maps: the spec_id/status objects their item terminals produced, in an inline
     * Map's iterations of the run's history or in a Distributed Map's child executions.
     */
    static Map<String, String> specResults(ExecutionResult result) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ExecutionResult execution : result.allExecutions()) {
            boolean child = execution != result;
            for (HistoryEvent e : execution.history()) {
                if (e.type() == HistoryEventType.PassStateExited && (child || e.path().contains("/Iteration["))) {
                    JsonNode output = e.details().path("output");
                    if (output.path("spec_id").isTextual() && output.path("status").isTextual()) {
                        out.put(output.get("spec_id").asText(), output.get("status").asText());
                    }
                }
            }
        }
        return out;
    }

    /** The run's history size, then each child execution's, Map Run by Map Run in item order. */
    static List<LocalRunReport.ExecutionEvents> executionEvents(ExecutionResult result) {
        List<LocalRunReport.ExecutionEvents> out = new ArrayList<>();
        out.add(new LocalRunReport.ExecutionEvents(result.executionArn(), null, 0, result.history().size()));
        collectChildren(result, out);
        return out;
    }

    private static void collectChildren(ExecutionResult parent, List<LocalRunReport.ExecutionEvents> out) {
        for (var child : parent.childExecutions()) {
            out.add(new LocalRunReport.ExecutionEvents(child.result().executionArn(), child.mapState(), child.index(),
                    child.result().history().size()));
            collectChildren(child.result(), out);
        }
    }
}
