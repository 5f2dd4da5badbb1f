package io.saturdayzoo.asl.definition;

import java.util.Map;
import java.util.OptionalInt;

/**
 * A set of states with its own StartAt: the top level, one Parallel branch or one Map item processor.
 * Next targets resolve within a scope only.
 *
 * @param label where the scope sits, for messages, e.g. "root" or "root/Fanout/Branches[1]"
 */
public record StateScope(String label, String startAt, Map<String, StateDefinition> states,
                         OptionalInt timeoutSeconds) {

    public StateDefinition state(String name) {
        StateDefinition state = states.get(name);
        if (state == null) {
            // parse() checked every target, so this is a defect in the caller, not in the definition
            throw new IllegalStateException("no state '" + name + "' in scope " + label);
        }
        return state;
    }
}
