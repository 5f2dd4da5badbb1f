package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A Map state: runs its item processor once per item; the result is the item outputs in item order.
 *
 * @param itemsPath      ItemsPath, or null for the whole effective input
 * @param itemSelector   ItemSelector (or the legacy Parameters), or null to pass each item as it is
 * @param maxConcurrency MaxConcurrency or MaxConcurrencyPath (read from the effective input); 0 or neither is no bound
 * @param distributed    how the Map Run goes in distributed mode, or null in inline mode
 */
public record MapState(String name, String next, DataFlow dataFlow, String itemsPath, JsonNode itemSelector,
                       StateScope itemProcessor, ValueOrPath maxConcurrency, DistributedMode distributed,
                       List<Retrier> retriers, List<Catcher> catchers) implements StateDefinition {
    @Override
    public StateType type() {
        return StateType.Map;
    }

    public boolean isDistributed() {
        return distributed != null;
    }
}
