package io.saturdayzoo.asl.execution;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Questions asked of an execution history, shared by every report built on one. */
public final class HistoryQueries {

    private HistoryQueries() {
    }

    /** Names of every state that was entered, in history order (a state entered twice appears once). */
    public static Set<String> enteredStates(List<HistoryEvent> history) {
        Set<String> names = new LinkedHashSet<>();
        history.stream().filter(e -> e.type().name().endsWith("StateEntered")).forEach(e -> names.add(e.stateName()));
        return names;
    }

    /** Names of every state that raised an error at least once, retried, caught or not, in history order. */
    public static Set<String> failedStates(List<HistoryEvent> history) {
        Set<String> names = new LinkedHashSet<>();
        history.stream().filter(e -> e.type() == HistoryEventType.StateFailed).forEach(e -> names.add(e.stateName()));
        return names;
    }
}
