package io.saturdayzoo.statemachine.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.saturdayzoo.infra.definition.LocalNames;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import io.saturdayzoo.lambdas.common.HandlerError;
import io.saturdayzoo.lambdas.common.PayloadJson;
import io.saturdayzoo.lambdas.common.TypedHandler;

/**
 * The contract between a definition's Lambda Task states and the handlers' records. Each Task's payload template is
 * filled with a sample value of the type its record gives each {@code .$} field, then read into that record the way
 * the handler reads it ({@link PayloadJson#read}); and every field the definition reads back from a Task's answer
 * (its ResultSelector, and paths under its ResultPath anywhere in the definition) must be one the answer record has.
 */
final class TaskPayloads {

    private static final ObjectMapper JSON = PayloadJson.mapper();
    private static final String ARN_PREFIX = LocalNames.lambdaFunction("");

    /** A Lambda Task state: where it is, which function it invokes, its payload template and what it keeps. */
    record LambdaTask(String where, ZooFunction function, JsonNode payload, JsonNode resultSelector,
                      String resultPath) {
    }

    private final Map<ZooFunction, TypedHandler<?, ?>> handlers;

    TaskPayloads(Map<ZooFunction, TypedHandler<?, ?>> handlers) {
        this.handlers = handlers;
    }

    Set<ZooFunction> typedFunctions() {
        return handlers.keySet();
    }

    /** Every Lambda Task of the definition, nested ones (Parallel branches, Map item processors) included. */
    static List<LambdaTask> lambdaTasks(JsonNode definition) {
        List<LambdaTask> tasks = new ArrayList<>();
        walk(definition, "", tasks::add);
        return tasks;
    }

    private static void walk(JsonNode scope, String prefix, Consumer<LambdaTask> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = scope.path("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode state = entry.getValue();
            String where = prefix + entry.getKey();
            if ("Task".equals(state.path("Type").asText())) {
                lambdaTask(where, state).ifPresent(out);
            }
            state.path("Branches").forEach(branch -> walk(branch, where + "/", out));
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                if (state.has(processor)) {
                    walk(state.get(processor), where + "/", out);
                }
            }
        }
    }

    private static Optional<LambdaTask> lambdaTask(String where, JsonNode state) {
        String resource = state.path("Resource").asText();
        JsonNode parameters = state.path("Parameters");
        // payloadResponseOnly: the function itself is the resource and the parameters are the payload
        String arn = resource.startsWith(ARN_PREFIX) ? resource
                : resource.endsWith(":lambda:invoke") ? parameters.path("FunctionName").asText() : null;
        if (arn == null) {
            return Optional.empty();
        }
        JsonNode payload = resource.startsWith(ARN_PREFIX) ? parameters : parameters.path("Payload");
        ZooFunction function = Arrays.stream(ZooFunction.values())
                .filter(f -> LocalNames.lambdaFunction(f.functionName()).equals(arn)).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": invokes " + arn + ", which is no ZooFunction"));
        return Optional.of(new LambdaTask(where, function, payload, state.get("ResultSelector"),
                state.path("ResultPath").isTextual() ? state.get("ResultPath").asText() : null));
    }

    /**
     * The problems of one Task's payload: empty when the filled template reads into the function's payload record.
     */
    List<String> payloadProblems(LambdaTask task) {
        Class<?> type = requestType(task);
        if (!task.payload().isObject()) {
            return List.of(task.where() + ": the payload is not a JSON object template: " + task.payload());
        }
        ObjectNode sample = fill((ObjectNode) task.payload(), JSON.constructType(type));
        try {
            PayloadJson.read(JSON.convertValue(sample, Map.class), handler(task).inputType());
            return List.of();
        } catch (HandlerError e) {
            return List.of(task.where() + " (" + task.function().functionName() + ", " + type.getSimpleName()
                    + "): " + e.getMessage());
        }
    }

    /**
     * The problems of what the definition reads from one Task's answer: each field a ResultSelector or a path under
     * the Task's ResultPath names must be a property of the answer record (followed into nested records).
     */
    List<String> answerProblems(LambdaTask task, String definitionText) {
        JavaType answer = JSON.constructType(answerType(task));
        Set<List<String>> reads = reads(task, definitionText);
        List<String> problems = new ArrayList<>();
        for (List<String> read : reads) {
            JavaType at = answer;
            for (String field : read) {
                Optional<BeanPropertyDefinition> property = property(at, field);
                if (property.isEmpty()) {
                    if (isRecord(at)) {
                        problems.add(task.where() + " (" + task.function().functionName() + "): the definition reads '"
                                + String.join(".", read) + "' from its answer, but "
                                + at.getRawClass().getSimpleName() + " has no field '" + field + "'");
                    }
                    break;
                }
                at = property.get().getPrimaryType();
            }
        }
        return problems;
    }

    /** The fields the definition reads from the Task's answer, each as its path below the answer. */
    static Set<List<String>> reads(LambdaTask task, String definitionText) {
        Set<List<String>> reads = new LinkedHashSet<>();
        if (task.resultSelector() != null) {
            for (JsonNode value : task.resultSelector()) {
                if (value.isTextual() && value.asText().startsWith("$.")) {
                    reads.add(List.of(value.asText().substring(2).split("\\.")));
                }
            }
        }
        if (task.resultSelector() == null && task.resultPath() != null && task.resultPath().startsWith("$.")) {
            Matcher m = Pattern.compile(Pattern.quote(task.resultPath()) + "((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)")
                    .matcher(definitionText);
            while (m.find()) {
                reads.add(List.of(m.group(1).substring(1).split("\\.")));
            }
        }
        return reads;
    }

    /** The payload record: the handler's input type, or for an operation-chosen one, the operation's subtype. */
    Class<?> requestType(LambdaTask task) {
        Class<?> type = handler(task).inputType();
        JsonTypeInfo typeInfo = type.getAnnotation(JsonTypeInfo.class);
        if (typeInfo == null) {
            return type;
        }
        String operation = task.payload().path(typeInfo.property()).asText();
        return Arrays.stream(type.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.name().equals(operation)).findFirst()
                .<Class<?>>map(JsonSubTypes.Type::value)
                .orElse(type);
    }

    /** The answer record: the handler's output type, or the one the operation's request record names. */
    Class<?> answerType(LambdaTask task) {
        Class<?> request = requestType(task);
        for (java.lang.reflect.Type parent : request.getGenericInterfaces()) {
            if (parent instanceof java.lang.reflect.ParameterizedType p
                    && p.getRawType() == handler(task).inputType()) {
                return (Class<?>) p.getActualTypeArguments()[0];
            }
        }
        return handler(task).outputType();
    }

    private TypedHandler<?, ?> handler(LambdaTask task) {
        TypedHandler<?, ?> handler = handlers.get(task.function());
        if (handler == null) {
            throw new AssertionError(task.where() + ": " + task.function() + " has no typed handler bound");
        }
        return handler;
    }

    /**
     * The template with each {@code "name.$": path} replaced by {@code "name": sample of name's type}; literal
     * fields stay, nested literal objects are filled the same way. A field the record lacks gets a string, so the
     * read names it as unknown.
     */
    static ObjectNode fill(ObjectNode template, JavaType type) {
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            boolean path = field.getKey().endsWith(".$");
            String name = path ? field.getKey().substring(0, field.getKey().length() - 2) : field.getKey();
            Optional<JavaType> fieldType = property(type, name).map(BeanPropertyDefinition::getPrimaryType);
            if (path) {
                out.set(name, fieldType.map(TaskPayloads::sample).orElse(JSON.getNodeFactory().textNode("sample")));
            } else if (field.getValue().isObject() && fieldType.isPresent()) {
                out.set(name, fill((ObjectNode) field.getValue(), fieldType.get()));
            } else {
                out.set(name, field.getValue());
            }
        }
        return out;
    }

    /** A value of {@code type}, every property of a record filled. */
    static JsonNode sample(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (type.isCollectionLikeType()) {
            return JSON.createArrayNode().add(sample(type.getContentType()));
        }
        if (raw == String.class) {
            return JSON.getNodeFactory().textNode("sample");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return JSON.getNodeFactory().booleanNode(true);
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return JSON.getNodeFactory().numberNode(1);
        }
        if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            return JSON.getNodeFactory().numberNode(1.5);
        }
        if (raw.isEnum()) {
            return JSON.getNodeFactory().textNode(((Enum<?>) raw.getEnumConstants()[0]).name());
        }
        ObjectNode object = JSON.createObjectNode();
        if (isRecord(type)) {
            for (BeanPropertyDefinition property : properties(type)) {
                object.set(property.getName(), sample(property.getPrimaryType()));
            }
        }
        return object;
    }

    private static boolean isRecord(JavaType type) {
        return type.getRawClass().isRecord();
    }

    private static List<BeanPropertyDefinition> properties(JavaType type) {
        BeanDescription bean = JSON.getDeserializationConfig().introspect(type);
        return bean.findProperties();
    }

    private static Optional<BeanPropertyDefinition> property(JavaType type, String name) {
        if (!isRecord(type)) {
            return Optional.empty();
        }
        return properties(type).stream().filter(p -> p.getName().equals(name)).findFirst();
    }

    /** The handlers the local runner binds, by function (only the typed ones have a payload record). */
    static Map<ZooFunction, TypedHandler<?, ?>> typed(Map<String, ?> byFunctionName) {
        Map<ZooFunction, TypedHandler<?, ?>> out = new LinkedHashMap<>();
        for (ZooFunction function : ZooFunction.values()) {
            if (byFunctionName.get(function.functionName()) instanceof TypedHandler<?, ?> handler) {
                out.put(function, handler);
            }
        }
        return out;
    }
}
