package io.saturdayzoo.statemachine.topology;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What each IAM role of a synthesized template may do, as readable "action on resource" pairs: every Allow
 * statement of the role's inline policies and of the AWS::IAM::Policy resources attached to it, expanded action by
 * resource. References are printed by logical id without CDK's hash suffix ({@code RegistryBucket/runs/*},
 * {@code SpotTrainerJob}), or by construct path when the template carries it; pseudo parameters as
 * {@code ${Partition}}, {@code ${Region}}, {@code ${AccountId}}; managed policies as
 * {@code managed:<name>}. A test can then compare a role's whole reach with the intended one, and ask whether an
 * action on a concrete resource is allowed, with IAM's wildcard matching.
 */
final class PolicyReach {

    /** One allowed action on one resource pattern; conditions are kept as text so they are compared too. */
    record Grant(String action, String resource, String condition) implements Comparable<Grant> {
        @Override
        public String toString() {
            return action + " on " + resource + (condition.isEmpty() ? "" : " if " + condition);
        }

        @Override
        public int compareTo(Grant other) {
            return toString().compareTo(other.toString());
        }
    }

    private final JsonNode resources;
    private final Map<String, String> pathByLogicalId = new TreeMap<>();

    PolicyReach(JsonNode template) {
        this.resources = template.get("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            pathByLogicalId.put(e.getKey(), shortPath(e.getKey(), e.getValue()));
        }
    }

    /** Every AWS::IAM::Role of the template, by name (e.g. {@code SpotTrainerJobRole}). */
    Map<String, Set<Grant>> roles() {
        Map<String, Set<Grant>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("Type").asText().equals("AWS::IAM::Role")) {
                out.put(pathByLogicalId.get(e.getKey()), grantsOf(e.getKey()));
            }
        }
        return out;
    }

    /** Whether some grant of {@code reach} allows {@code action} on the concrete {@code resource}. */
    static boolean allows(Set<Grant> reach, String action, String resource) {
        return reach.stream().anyMatch(g -> wildcard(g.action()).matcher(action).matches()
                && wildcard(g.resource()).matcher(resource).matches());
    }

    /** The grants of a role, sorted, one per line: what a failing comparison prints. */
    static String describe(Set<Grant> reach) {
        StringBuilder out = new StringBuilder();
        new TreeSet<>(reach).forEach(g -> out.append("  ").append(g).append('\n'));
        return out.toString();
    }

    private Set<Grant> grantsOf(String roleLogicalId) {
        Set<Grant> grants = new TreeSet<>();
        JsonNode role = resources.get(roleLogicalId).path("Properties");
        role.path("Policies").forEach(p -> addStatements(p.path("PolicyDocument"), grants));
        role.path("ManagedPolicyArns").forEach(arn -> grants.add(new Grant("managed:" + render(arn)
                .replaceAll(".*:policy/", ""), "*", "")));
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::IAM::Policy")) {
                for (JsonNode attached : resource.at("/Properties/Roles")) {
                    if (roleLogicalId.equals(attached.path("Ref").asText())) {
                        addStatements(resource.at("/Properties/PolicyDocument"), grants);
                    }
                }
            }
        }
        return grants;
    }

    private void addStatements(JsonNode document, Set<Grant> grants) {
        for (JsonNode statement : document.path("Statement")) {
            if (!statement.path("Effect").asText().equals("Allow")) {
                throw new AssertionError("only Allow statements are expected in identity policies: " + statement);
            }
            String condition = statement.has("Condition") ? render(statement.get("Condition")) : "";
            for (String action : texts(statement.get("Action"))) {
                for (JsonNode resource : list(statement.get("Resource"))) {
                    if (!isNoValue(resource)) {
                        grants.add(new Grant(action, render(resource), condition));
                    }
                }
            }
        }
    }

    /** A CloudFormation value as readable text: references by construct path, pseudo parameters as ${Name}. */
    String render(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            String ref = value.get("Ref").asText();
            return ref.startsWith("AWS::") ? "${" + ref.substring("AWS::".length()) + "}" : pathByLogicalId.get(ref);
        }
        if (value.has("Fn::GetAtt")) {
            String path = pathByLogicalId.get(value.get("Fn::GetAtt").get(0).asText());
            String attribute = value.get("Fn::GetAtt").get(1).asText();
            return attribute.endsWith("Arn") ? path : path + "." + attribute;
        }
        if (value.has("Fn::Join")) {
            List<String> parts = new ArrayList<>();
            value.get("Fn::Join").get(1).forEach(p -> parts.add(render(p)));
            return String.join(value.get("Fn::Join").get(0).asText(), parts);
        }
        if (value.has("Fn::Sub")) {
            return value.get("Fn::Sub").isTextual() ? value.get("Fn::Sub").asText() : value.get("Fn::Sub").toString();
        }
        if (value.isObject()) {
            TreeMap<String, String> fields = new TreeMap<>();
            value.fields().forEachRemaining(f -> fields.put(f.getKey(), render(f.getValue())));
            return fields.toString();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(render(v)));
            return items.toString();
        }
        return value.toString();
    }

    /** The construct path when the template carries it, else the logical id without CDK's hash suffix. */
    private static String shortPath(String logicalId, JsonNode resource) {
        JsonNode path = resource.at("/Metadata/aws:cdk:path");
        if (path.isTextual()) {
            return path.asText().replaceFirst("^[^/]+/", "").replaceFirst("/(Resource|Default)$", "");
        }
        return logicalId.replaceFirst("[0-9A-F]{8}$", "");
    }

    private static boolean isNoValue(JsonNode resource) {
        return resource.isObject() && "AWS::NoValue".equals(resource.path("Ref").asText());
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        list(node).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
