package io.saturdayzoo.infra.definition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Saturday state machine's ASL definition, read back from a synthesized CloudFormation template with every
 * CloudFormation reference replaced by a readable name, so the exact definition that AWS runs can be inspected and
 * executed locally.
 *
 * <p>CDK writes {@code DefinitionString} as {@code Fn::Join} of literal JSON fragments and references. A reference to
 * a resource that carries {@link LocalNames#METADATA_KEY} becomes that name (e.g.
 * {@code arn:aws:lambda:::function:SelectRotation}); any other resource becomes
 * {@code arn:aws:cloudformation:::resource/<LogicalId>[/<Attribute>]}. Ref and any {@code *Arn} attribute of a named
 * resource resolve to its name; other attributes get a {@code /<Attribute>} suffix. Pseudo parameters: partition {@code aws},
 * region and account empty, URL suffix {@code amazonaws.com}.
 */
public final class DefinitionDocument {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String json;
    private final ObjectNode definition;
    private final Map<String, String> localNamesByLogicalId;

    private DefinitionDocument(String json, ObjectNode definition, Map<String, String> localNamesByLogicalId) {
        this.json = json;
        this.definition = definition;
        this.localNamesByLogicalId = localNamesByLogicalId;
    }

    /** Reads the definition of the template's single AWS::StepFunctions::StateMachine. */
    public static DefinitionDocument fromTemplate(String templateJson) {
        try {
            return fromTemplateTree(JSON.readTree(templateJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("template is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a synthesized template file, e.g. cdk.out/SaturdayZooStack.template.json. */
    public static DefinitionDocument fromTemplateFile(Path templateFile) {
        try {
            return fromTemplate(Files.readString(templateFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + templateFile, e);
        }
    }

    /** Reads the definition of the template's single AWS::StepFunctions::StateMachine. */
    public static DefinitionDocument fromTemplateMap(Map<String, ?> template) {
        return fromTemplateTree(JSON.valueToTree(template));
    }

    /** The state machine {@link #fromTemplateTree(JsonNode)} reads when the template holds more than one. */
    public static final String SATURDAY = "Saturday";

    /**
     * Reads the definition of the template's single AWS::StepFunctions::StateMachine, or of the Saturday state
     * machine when the stack has several.
     */
    public static DefinitionDocument fromTemplateTree(JsonNode template) {
        return fromTemplateTree(template, SATURDAY);
    }

    /**
     * Reads the definition of the state machine tagged {@link LocalNames#stateMachine(String)} {@code name}; a
     * template with a single state machine gives that one whatever its name.
     */
    public static DefinitionDocument fromTemplateTree(JsonNode template, String name) {
        JsonNode resources = template.path("Resources");
        Map<String, String> localNames = new LinkedHashMap<>();
        List<String> machines = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            JsonNode localName = resource.getValue().path("Metadata").path(LocalNames.METADATA_KEY);
            if (localName.isTextual()) {
                localNames.put(resource.getKey(), localName.asText());
            }
            if ("AWS::StepFunctions::StateMachine".equals(resource.getValue().path("Type").asText())) {
                machines.add(resource.getKey());
            }
        }
        if (machines.size() > 1) {
            List<String> named = machines.stream()
                    .filter(id -> LocalNames.stateMachine(name).equals(localNames.get(id))).toList();
            machines = named;
        }
        if (machines.size() != 1) {
            throw new IllegalArgumentException("expected exactly one AWS::StepFunctions::StateMachine "
                    + (machines.isEmpty() ? "named '" + name + "' " : "") + "in the template, found "
                    + machines.size() + " " + machines);
        }
        JsonNode definitionString = resources.path(machines.get(0)).path("Properties").path("DefinitionString");
        String json = resolve(definitionString, localNames);
        try {
            JsonNode parsed = JSON.readTree(json);
            if (!(parsed instanceof ObjectNode object)) {
                throw new IllegalArgumentException("state machine definition is not a JSON object: " + json);
            }
            return new DefinitionDocument(json, object, Map.copyOf(localNames));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("state machine definition does not parse as JSON after resolving "
                    + "references: " + e.getOriginalMessage(), e);
        }
    }

    /** The definition as compact JSON text, exactly as resolved. */
    public String json() {
        return json;
    }

    /** The definition pretty-printed. */
    public String prettyJson() {
        try {
            return JSON.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh mutable copy of the definition tree (callers may edit it freely). */
    public ObjectNode tree() {
        return definition.deepCopy();
    }

    /** The definition as plain Java maps and lists. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return JSON.convertValue(definition, Map.class);
    }

    /** Readable names given to template resources, by logical id. */
    public Map<String, String> localNamesByLogicalId() {
        return localNamesByLogicalId;
    }

    private static String resolve(JsonNode node, Map<String, String> localNames) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Fn::Join")) {
            JsonNode join = node.get("Fn::Join");
            String separator = join.path(0).asText();
            StringBuilder out = new StringBuilder();
            Iterator<JsonNode> parts = join.path(1).elements();
            while (parts.hasNext()) {
                out.append(resolve(parts.next(), localNames));
                if (parts.hasNext()) {
                    out.append(separator);
                }
            }
            return out.toString();
        }
        if (node.has("Ref")) {
            return reference(node.get("Ref").asText(), null, localNames);
        }
        if (node.has("Fn::GetAtt")) {
            JsonNode getAtt = node.get("Fn::GetAtt");
            return reference(getAtt.path(0).asText(), getAtt.path(1).asText(), localNames);
        }
        throw new IllegalArgumentException("unsupported CloudFormation expression in DefinitionString: " + node);
    }

    private static String reference(String logicalId, String attribute, Map<String, String> localNames) {
        switch (logicalId) {
            case "AWS::Partition":
                return "aws";
            case "AWS::Region":
            case "AWS::AccountId":
                return "";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        String localName = localNames.get(logicalId);
        // Ref and ARN attributes (Arn, JobQueueArn...) name the resource; others (e.g. Name) keep a readable suffix.
        if (localName != null && (attribute == null || attribute.endsWith("Arn"))) {
            return localName;
        }
        String base = localName != null ? localName : "arn:aws:cloudformation:::resource/" + logicalId;
        return attribute == null ? base : base + "/" + attribute;
    }

}
