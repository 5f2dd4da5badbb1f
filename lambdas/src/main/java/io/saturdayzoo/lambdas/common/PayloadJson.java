package io.saturdayzoo.lambdas.common;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one mapper between a Task's JSON and its records. Strict where the definition writes the payload: no scalar
 * coercion (a "3" or 3.0 is not a count, 3 is not a string), unknown fields fail unless a record says it tolerates
 * them ({@code @JsonIgnoreProperties(ignoreUnknown = true)}, for shapes another state produces). Required fields are
 * marked {@code @JsonSetter(nulls = Nulls.FAIL)}: absent and null are both "missing", as a state's null path gives.
 * Jackson's exceptions carry the path; {@link #read} turns them into {@link InvalidPayload} naming the field and
 * showing the value as JSON.
 */
public final class PayloadJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private PayloadJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The payload as {@code type}; any problem is an {@link InvalidPayload} naming the field and its value. */
    public static <T> T read(Map<String, Object> payload, Class<T> type) {
        try {
            return MAPPER.convertValue(payload == null ? Map.of() : payload, type);
        } catch (IllegalArgumentException e) {
            throw invalid(e, payload);
        }
    }

    /** The answer as the JSON object the state's paths read (nulls kept, unless a record component omits them). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> write(Object answer) {
        return MAPPER.convertValue(answer, Map.class);
    }

    private static RuntimeException invalid(IllegalArgumentException e, Map<String, Object> payload) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof HandlerError handlerError) { // a record's own check, already naming its field
                return handlerError;
            }
        }
        if (!(e.getCause() instanceof JsonMappingException mapping)) {
            return new InvalidPayload("payload: " + e.getMessage());
        }
        List<JsonMappingException.Reference> path = new ArrayList<>(mapping.getPath());
        if (mapping instanceof InvalidNullException nulls && nulls.getPropertyName() != null
                && (path.isEmpty() || !nulls.getPropertyName().getSimpleName().equals(last(path).getFieldName()))) {
            path.add(new JsonMappingException.Reference(null, nulls.getPropertyName().getSimpleName()));
        }
        if (mapping instanceof InvalidTypeIdException typeId) {
            return unknownType(typeId, path, payload);
        }
        String field = fieldName(path);
        if (mapping instanceof UnrecognizedPropertyException) {
            return new InvalidPayload("field '" + field + "': unknown field");
        }
        String expected = mapping instanceof ExpectedValue value ? value.expected() : describe(path, mapping);
        if (mapping instanceof InvalidNullException) {
            return new InvalidPayload("field '" + field + "': missing (expected " + expected + ")");
        }
        return new InvalidPayload("field '" + field + "': expected " + expected + ", got "
                + Payload.show(valueAt(payload, path)));
    }

    /** An operation-chosen shape: its discriminator missing or naming no operation. */
    private static InvalidPayload unknownType(InvalidTypeIdException e, List<JsonMappingException.Reference> path,
                                              Map<String, Object> payload) {
        Class<?> base = e.getBaseType().getRawClass();
        String property = base.getAnnotation(JsonTypeInfo.class).property();
        String field = path.isEmpty() ? property : fieldName(path) + "." + property;
        if (e.getTypeId() == null) {
            return new InvalidPayload("field '" + field + "': missing (expected a non-empty string)");
        }
        String names = Arrays.stream(base.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name).collect(Collectors.joining(", "));
        return new InvalidPayload("field '" + field + "': unknown " + property + " " + Payload.show(e.getTypeId())
                + " (expected one of " + names + ")");
    }

    /** "results[0].status" from Jackson's path. */
    private static String fieldName(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "payload" : out.toString();
    }

    private static JsonMappingException.Reference last(List<JsonMappingException.Reference> path) {
        return path.get(path.size() - 1);
    }

    /** What the failing field should have held, from its declared type (or its @JsonPropertyDescription). */
    private static String describe(List<JsonMappingException.Reference> path, JsonMappingException e) {
        if (!path.isEmpty() && last(path).getFieldName() != null) {
            Optional<BeanPropertyDefinition> property = property(last(path));
            if (property.isPresent()) {
                return describe(property.get());
            }
        }
        Class<?> target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m
                ? m.getTargetType() : null;
        return target == null ? "another value" : describe(MAPPER.constructType(target));
    }

    private static Optional<BeanPropertyDefinition> property(JsonMappingException.Reference ref) {
        Object from = ref.getFrom();
        Class<?> owner = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
        if (owner == null || Map.class.isAssignableFrom(owner)) {
            return Optional.empty();
        }
        BeanDescription bean = MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(owner));
        return bean.findProperties().stream().filter(p -> p.getName().equals(ref.getFieldName())).findFirst();
    }

    private static String describe(BeanPropertyDefinition property) {
        String description = property.getMetadata().getDescription();
        if (description != null) {
            return description;
        }
        JsonDeserialize rule = property.getPrimaryMember() == null ? null
                : property.getPrimaryMember().getAnnotation(JsonDeserialize.class);
        if (rule != null && PayloadValues.describes(rule.using()) != null) {
            return PayloadValues.describes(rule.using());
        }
        if (rule != null && PayloadValues.describes(rule.contentUsing()) != null) {
            return "a list of " + plural(PayloadValues.describes(rule.contentUsing()));
        }
        return describe(property.getPrimaryType());
    }

    static String describe(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "a list of " + plural(describe(type.getContentType()));
        }
        if (raw.isEnum()) {
            List<String> names = Arrays.stream(raw.getEnumConstants()).map(c -> "\"" + ((Enum<?>) c).name() + "\"")
                    .toList();
            return names.size() == 2 ? names.get(0) + " or " + names.get(1)
                    : "one of " + String.join(", ", names);
        }
        if (raw == String.class) {
            return "a string";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "a boolean";
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    private static String plural(String description) {
        return description.replaceFirst("^an? ", "") + "s";
    }

    /** The value the payload holds at {@code path} (null when the path leaves it). */
    private static Object valueAt(Object json, List<JsonMappingException.Reference> path) {
        Object at = json;
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null && at instanceof Map<?, ?> map) {
                at = map.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0 && at instanceof List<?> list && ref.getIndex() < list.size()) {
                at = list.get(ref.getIndex());
            } else {
                return null;
            }
        }
        return at;
    }
}
