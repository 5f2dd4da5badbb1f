package io.saturdayzoo.local.binding;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.ScopeTree;
import io.saturdayzoo.asl.execution.ExecutionListener;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many threads each local training gets. On AWS every Batch job has its own vCPUs; here the Map's concurrent
 * items share this machine's cores, so by default a Batch Task inside a Map gets
 * {@code max(1, cores / items running at once)} threads, items running at once being the Map's length capped by its
 * MaxConcurrency (learned from its MapStateStarted event, which comes before any item starts). A Batch Task outside
 * any Map (research) keeps every core, as does a command that names its own {@value #OPTION}.
 */
public final class TrainerThreads implements ExecutionListener {
    /** The trainer CLI's option for its worker threads (parsing and LightGBM). */
    public static final String OPTION = "--threads";
    /** The setting that shares the cores among a Map's concurrent items ({@link #forSetting(int, JsonNode)}). */
    public static final int SHARED = -1;

    private final int cores;
    private final int fixed;
    private final Map<String, String> enclosingMap;
    private final Map<String, Integer> concurrentItems = new ConcurrentHashMap<>();

    private TrainerThreads(int cores, int fixed, Map<String, String> enclosingMap) {
        this.cores = cores;
        this.fixed = fixed;
        this.enclosingMap = Map.copyOf(enclosingMap);
    }

    /** The cores shared among the concurrent items of each Map of {@code definition}. */
    public static TrainerThreads shared(JsonNode definition, int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores: expected an integer >= 1, got " + cores);
        }
        return new TrainerThreads(cores, 0, enclosingMaps(definition));
    }

    /** What a run's setting asks for: {@code n > 0} threads each, {@link #SHARED} the cores shared, 0 as written. */
    public static TrainerThreads forSetting(int setting, JsonNode definition) {
        return setting > 0 ? fixed(setting)
                : setting == SHARED ? shared(definition, Runtime.getRuntime().availableProcessors()) : asWritten();
    }

    /** Every command as the definition writes it (the trainer then takes every core). */
    public static TrainerThreads asWritten() {
        return new TrainerThreads(1, 0, Map.of());
    }

    /** Every training gets {@code threads}, however many run at once. */
    public static TrainerThreads fixed(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("trainer threads: expected an integer >= 1, got " + threads);
        }
        return new TrainerThreads(threads, threads, Map.of());
    }

    @Override
    public void onEvent(HistoryEvent event) {
        if (event.type() == HistoryEventType.MapStateStarted) {
            int length = event.details().path("length").asInt(1);
            int max = event.details().path("maxConcurrency").asInt(0);
            concurrentItems.put(event.stateName(), Math.max(1, max > 0 ? Math.min(length, max) : length));
        }
    }

    /** Threads for one run of Task {@code stateName}, or 0: leave the command as written. */
    public int threadsFor(String stateName) {
        if (fixed > 0) {
            return fixed;
        }
        String map = enclosingMap.get(stateName);
        return map == null ? 0 : Math.max(1, cores / concurrentItems.getOrDefault(map, 1));
    }

    /** {@code command} with {@value #OPTION} added when this Task gets a budget and the command names none. */
    public List<String> apply(String stateName, List<String> command) {
        int threads = threadsFor(stateName);
        if (threads == 0 || command.contains(OPTION) || command.stream().anyMatch(a -> a.startsWith(OPTION + "="))) {
            return command;
        }
        List<String> out = new ArrayList<>(command);
        out.add(OPTION);
        out.add(Integer.toString(threads));
        return List.copyOf(out);
    }

    /** The innermost Map around each state inside one, by state name (depth first: an inner Map overrides). */
    private static Map<String, String> enclosingMaps(JsonNode definition) {
        Map<String, String> out = new HashMap<>();
        ScopeTree.of(definition).allStates().filter(state -> "Map".equals(state.type())).forEach(map ->
                map.nested().forEach(scope -> scope.scope().allStates().forEach(inner -> out.put(inner.name(),
                        map.name()))));
        return out;
    }
}
