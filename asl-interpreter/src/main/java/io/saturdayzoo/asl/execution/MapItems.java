package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.MapState;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.paths.JsonPaths;
import io.saturdayzoo.asl.paths.PayloadTemplate;

/** What both Map modes read the same way: the items, the concurrency bound, and each item's input. */
final class MapItems {
    private MapItems() {
    }

    /** What ItemsPath selects from the effective input (the whole input without it): must be an array. */
    static JsonNode items(MapState state, JsonNode input, JsonNode context) {
        JsonNode items = state.itemsPath() != null ? JsonPaths.read(state.itemsPath(), input, context, "ItemsPath",
                StatesErrors.RUNTIME) : input;
        if (!items.isArray()) {
            throw new StatesException(StatesErrors.RUNTIME, "Map state '" + state.name()
                    + "': ItemsPath must select an array, selected " + items);
        }
        return items;
    }

    /** MaxConcurrency, or what MaxConcurrencyPath selects; 0 when neither is set. */
    static int maxConcurrency(MapState state, JsonNode input, JsonNode context) {
        Integer max = PathValues.integer(state.maxConcurrency(), input, context, state.name(), 0);
        return max == null ? 0 : max;
    }

    /** The item itself, or the ItemSelector resolved against the Map's input with $$.Map.Item set. */
    static JsonNode itemInput(MapState state, JsonNode item, int index, JsonNode input, ObjectNode mapContext) {
        if (state.itemSelector() == null) {
            return item.deepCopy();
        }
        ObjectNode itemContext = mapContext.deepCopy();
        itemContext.putObject("Map").putObject("Item").put("Index", index).set("Value", item);
        return PayloadTemplate.resolve(state.itemSelector(), input, itemContext);
    }
}
