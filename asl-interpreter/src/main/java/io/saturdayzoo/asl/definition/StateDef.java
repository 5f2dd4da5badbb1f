package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * One state: its raw JSON (fields are read where they are used) plus the parts that are parsed once:
 * retriers, catchers, and the nested scopes of Parallel and Map.
 */
public record StateDef(String name, StateType type, ObjectNode json, List<Retrier> retriers, List<Catcher> catchers,
                       List<StateScope> branches, StateScope itemProcessor) {

    public boolean has(String field) {
        return json.has(field);
    }

    /** A field's value, or empty when absent. A present JSON null is returned as a NullNode. */
    public Optional<JsonNode> field(String field) {
        return Optional.ofNullable(json.get(field));
    }

    public String text(String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public boolean isEnd() {
        return json.path("End").asBoolean(false) || type == StateType.Succeed || type == StateType.Fail;
    }

    public String next() {
        return text("Next");
    }
}
