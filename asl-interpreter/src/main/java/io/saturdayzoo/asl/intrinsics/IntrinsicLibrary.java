package io.saturdayzoo.asl.intrinsics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The States.* functions themselves: each checks its arguments, failing with States.IntrinsicFailure. */
final class IntrinsicLibrary {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private IntrinsicLibrary() {
    }

    static JsonNode apply(IntrinsicArg.Call call, List<JsonNode> a) {
        String name = call.name();
        return switch (name) {
            case "States.Format" -> format(call, a);
            case "States.StringToJson" -> {
                arity(name, a, 1);
                try {
                    yield MAPPER.readTree(text(name, a.get(0)));
                } catch (JsonProcessingException e) {
                    throw IntrinsicFunctions.failure(name, "not valid JSON: " + a.get(0).asText());
                }
            }
            case "States.JsonToString" -> {
                arity(name, a, 1);
                yield NODES.textNode(a.get(0).toString());
            }
            case "States.Array" -> {
                ArrayNode out = NODES.arrayNode();
                a.forEach(out::add);
                yield out;
            }
            case "States.ArrayPartition" -> {
                arity(name, a, 2);
                ArrayNode source = array(name, a.get(0));
                int size = integer(name, a.get(1));
                if (size <= 0) {
                    throw IntrinsicFunctions.failure(name, "chunk size must be > 0, was " + size);
                }
                ArrayNode out = NODES.arrayNode();
                for (int i = 0; i < source.size(); i += size) {
                    ArrayNode chunk = out.addArray();
                    for (int j = i; j < Math.min(i + size, source.size()); j++) {
                        chunk.add(source.get(j));
                    }
                }
                yield out;
            }
            case "States.ArrayContains" -> {
                arity(name, a, 2);
                boolean found = false;
                for (JsonNode item : array(name, a.get(0))) {
                    found |= item.equals(a.get(1));
                }
                yield NODES.booleanNode(found);
            }
            case "States.ArrayRange" -> {
                arity(name, a, 3);
                int start = integer(name, a.get(0));
                int end = integer(name, a.get(1));
                int step = integer(name, a.get(2));
                if (step == 0) {
                    throw IntrinsicFunctions.failure(name, "step must not be 0");
                }
                ArrayNode out = NODES.arrayNode();
                for (int v = start; step > 0 ? v <= end : v >= end; v += step) {
                    out.add(v);
                    if (out.size() > 1000) {
                        throw IntrinsicFunctions.failure(name, "a range holds at most 1000 items");
                    }
                }
                yield out;
            }
            case "States.ArrayGetItem" -> {
                arity(name, a, 2);
                ArrayNode source = array(name, a.get(0));
                int index = integer(name, a.get(1));
                if (index < 0 || index >= source.size()) {
                    throw IntrinsicFunctions.failure(name, "index " + index + " is out of bounds for an array of " + source.size());
                }
                yield source.get(index);
            }
            case "States.ArrayLength" -> {
                arity(name, a, 1);
                yield NODES.numberNode(array(name, a.get(0)).size());
            }
            case "States.ArrayUnique" -> {
                arity(name, a, 1);
                Set<JsonNode> unique = new LinkedHashSet<>();
                array(name, a.get(0)).forEach(unique::add);
                ArrayNode out = NODES.arrayNode();
                unique.forEach(out::add);
                yield out;
            }
            case "States.Base64Encode" -> {
                arity(name, a, 1);
                yield NODES.textNode(Base64.getEncoder().encodeToString(
                        text(name, a.get(0)).getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode" -> {
                arity(name, a, 1);
                yield NODES.textNode(new String(Base64.getDecoder().decode(text(name, a.get(0))),
                        StandardCharsets.UTF_8));
            }
            case "States.Hash" -> {
                arity(name, a, 2);
                String algorithm = text(name, a.get(1));
                if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
                    throw IntrinsicFunctions.failure(name, "unknown algorithm '" + algorithm
                            + "' (expected MD5|SHA-1|SHA-256|SHA-384|SHA-512)");
                }
                String input = a.get(0).isTextual() ? a.get(0).asText() : a.get(0).toString();
                try {
                    byte[] digest = MessageDigest.getInstance(algorithm)
                            .digest(input.getBytes(StandardCharsets.UTF_8));
                    yield NODES.textNode(HexFormat.of().formatHex(digest));
                } catch (NoSuchAlgorithmException e) {
                    throw IntrinsicFunctions.failure(name, e.getMessage());
                }
            }
            case "States.JsonMerge" -> {
                arity(name, a, 3);
                if (!a.get(0).isObject() || !a.get(1).isObject()) {
                    throw IntrinsicFunctions.failure(name, "both arguments to merge must be JSON objects");
                }
                if (a.get(2).asBoolean(false)) {
                    throw IntrinsicFunctions.failure(name, "deep merge is not supported; the third argument must be false");
                }
                ObjectNode merged = a.get(0).deepCopy();
                merged.setAll((ObjectNode) a.get(1).deepCopy());
                yield merged;
            }
            case "States.MathRandom" -> {
                if (a.size() < 2 || a.size() > 3) {
                    throw IntrinsicFunctions.failure(name, "expected 2 or 3 arguments, got " + a.size());
                }
                int start = integer(name, a.get(0));
                int end = integer(name, a.get(1));
                java.util.Random random = a.size() == 3 ? new java.util.Random(integer(name, a.get(2)))
                        : ThreadLocalRandom.current();
                yield NODES.numberNode(start + random.nextInt(Math.max(1, end - start)));
            }
            case "States.MathAdd" -> {
                arity(name, a, 2);
                yield NODES.numberNode(integer(name, a.get(0)) + integer(name, a.get(1)));
            }
            case "States.StringSplit" -> {
                arity(name, a, 2);
                // every character of the second argument is a delimiter; empty pieces are dropped
                StringTokenizer tokens = new StringTokenizer(text(name, a.get(0)), text(name, a.get(1)));
                ArrayNode out = NODES.arrayNode();
                while (tokens.hasMoreTokens()) {
                    out.add(tokens.nextToken());
                }
                yield out;
            }
            case "States.UUID" -> {
                arity(name, a, 0);
                yield NODES.textNode(UUID.randomUUID().toString());
            }
            default -> throw IntrinsicFunctions.failure(name, "unknown intrinsic function");
        };
    }

    private static JsonNode format(IntrinsicArg.Call call, List<JsonNode> a) {
        String name = call.name();
        if (a.isEmpty() || !(call.args().get(0) instanceof IntrinsicArg.StringLiteral template)) {
            throw IntrinsicFunctions.failure(name, "the first argument must be a string literal template");
        }
        String raw = template.raw();
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                out.append(raw.charAt(++i));
            } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
                if (next >= a.size()) {
                    throw IntrinsicFunctions.failure(name, "the template has more {} placeholders than arguments");
                }
                JsonNode value = a.get(next++);
                if (value.isContainerNode()) {
                    throw IntrinsicFunctions.failure(name, "argument " + next + " is an object or array; only scalars can be formatted");
                }
                out.append(value.isTextual() ? value.asText() : value.toString());
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != a.size()) {
            throw IntrinsicFunctions.failure(name, "the template has fewer {} placeholders than arguments");
        }
        return NODES.textNode(out.toString());
    }

    private static void arity(String name, List<JsonNode> a, int expected) {
        if (a.size() != expected) {
            throw IntrinsicFunctions.failure(name, "expected " + expected + " argument(s), got " + a.size());
        }
    }

    private static String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw IntrinsicFunctions.failure(name, "expected a string, got " + value);
        }
        return value.asText();
    }

    private static ArrayNode array(String name, JsonNode value) {
        if (!value.isArray()) {
            throw IntrinsicFunctions.failure(name, "expected an array, got " + value);
        }
        return (ArrayNode) value;
    }

    private static int integer(String name, JsonNode value) {
        if (!value.isNumber()) {
            throw IntrinsicFunctions.failure(name, "expected a number, got " + value);
        }
        BigDecimal decimal = value.decimalValue();
        try {
            return decimal.intValueExact();
        } catch (ArithmeticException e) {
            throw IntrinsicFunctions.failure(name, "expected an integer, got " + value);
        }
    }
}
