package io.saturdayzoo.lambdas.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.json.ZooJson;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of a handler's JSON payload (already parsed into a Map by the Lambda runtime or the local runner).
 * Every problem becomes an {@link InvalidPayload} naming the field and showing the value as JSON.
 */
public final class Payload {

    private final Map<String, Object> fields;

    private Payload(Map<String, Object> fields) {
        this.fields = fields;
    }

    public static Payload of(Map<String, Object> event) {
        return new Payload(event == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(event)));
    }

    public Map<String, Object> asMap() {
        return fields;
    }

    public boolean has(String field) {
        return fields.get(field) != null;
    }

    public Object get(String field) {
        return fields.get(field);
    }

    public String requiredText(String field) {
        return optionalText(field).orElseThrow(() -> new InvalidPayload(
                "field '" + field + "': missing (expected a non-empty string)"));
    }

    public Optional<String> optionalText(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new InvalidPayload("field '" + field + "': expected a non-empty string, got " + show(value));
        }
        return Optional.of(text);
    }

    public int requiredPositiveInt(String field) {
        return optionalPositiveInt(field).orElseThrow(() -> new InvalidPayload(
                "field '" + field + "': missing (expected a positive integer)"));
    }

    /** Absent or null: empty. JSON 3.0 or "3" are rejected: a count is written as an integer. */
    public Optional<Integer> optionalPositiveInt(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        Integer number = asInt(value);
        if (number == null || number < 1) {
            throw new InvalidPayload("field '" + field + "': expected a positive integer, got " + show(value));
        }
        return Optional.of(number);
    }

    /** A list of non-empty strings; absent or null gives empty. */
    public Optional<List<String>> optionalTextList(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidPayload("field '" + field + "': expected a list of strings, got " + show(value));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text) || text.isBlank()) {
                throw new InvalidPayload("field '" + field + "[" + i + "]': expected a non-empty string, got "
                        + show(list.get(i)));
            }
            out.add(text);
        }
        return Optional.of(List.copyOf(out));
    }

    /** A list of JSON objects (e.g. the Map state's item results). */
    public List<Map<String, Object>> requiredObjectList(String field) {
        Object value = fields.get(field);
        if (!(value instanceof List<?> list)) {
            throw new InvalidPayload("field '" + field + "': " + (value == null ? "missing (expected a list of objects)"
                    : "expected a list of objects, got " + show(value)));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> item)) {
                throw new InvalidPayload("field '" + field + "[" + i + "]': expected an object, got " + show(list.get(i)));
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            item.forEach((k, v) -> copy.put(String.valueOf(k), v));
            out.add(copy);
        }
        return out;
    }

    /** An int from any integral JSON number that fits; null for anything else (strings, fractions, booleans). */
    public static Integer asInt(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (value instanceof BigInteger b && b.bitLength() < 32) {
            return b.intValue();
        }
        return null;
    }

    /** The value as JSON, so a string shows quoted ("three") and a number bare (2.5). */
    public static String show(Object value) {
        try {
            String json = ZooJson.mapper().writeValueAsString(value);
            return json.length() > 200 ? json.substring(0, 200) + "..." : json;
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
