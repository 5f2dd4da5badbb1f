package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed and structurally validated state machine definition.
 *
 * <p>{@link #parse(String)} checks what Step Functions checks when a state machine is created: StartAt and every
 * Next/Default/Catch target exist in their own scope, every state is reachable, each state has a way out, retriers
 * and catchers put States.ALL alone and last, Wait has exactly one duration field. All problems are reported at once.
 */
public final class AslDefinition {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateScope root;
    private final ObjectNode json;

    private AslDefinition(StateScope root, ObjectNode json) {
        this.root = root;
        this.json = json;
    }

    public static AslDefinition parse(String definitionJson) {
        JsonNode node;
        try {
            node = JSON.readTree(definitionJson);
        } catch (JsonProcessingException e) {
            throw new AslDefinitionException(List.of("definition is not valid JSON: " + e.getOriginalMessage()));
        }
        return parse(node);
    }

    public static AslDefinition parse(JsonNode definition) {
        if (definition == null || !definition.isObject()) {
            throw new AslDefinitionException(List.of("definition must be a JSON object"));
        }
        List<String> problems = new ArrayList<>();
        StateScope root = new DefinitionParser(problems).scope("root", ScopeTree.of(definition));
        if (!problems.isEmpty()) {
            throw new AslDefinitionException(problems);
        }
        return new AslDefinition(root, ((ObjectNode) definition).deepCopy());
    }

    public StateScope root() {
        return root;
    }

    /** The definition as parsed (a copy; changing it changes nothing here). */
    public ObjectNode json() {
        return json.deepCopy();
    }
}
