package io.saturdayzoo.lambdas.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;

/**
 * Value rules of payload fields that a type alone does not say, as Jackson deserializers a record component names
 * with {@code @JsonDeserialize(using = ...)} (or {@code contentUsing} for a list's items).
 */
public final class PayloadValues {

    static final String POSITIVE_INT = "a positive integer";
    static final String NON_EMPTY_TEXT = "a non-empty string";

    private PayloadValues() {
    }

    /** What a field read by {@code rule} must hold, or null for a deserializer not of this class. */
    static String describes(Class<?> rule) {
        return rule == PositiveInt.class ? POSITIVE_INT : rule == NonEmptyText.class ? NON_EMPTY_TEXT : null;
    }

    /** A count: a JSON integer from 1 that fits an int (3.0, "3" and true are not counts). */
    public static final class PositiveInt extends StdScalarDeserializer<Integer> {
        public PositiveInt() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    && p.getIntValue() >= 1) {
                return p.getIntValue();
            }
            throw new ExpectedValue(p, POSITIVE_INT, null, Integer.class);
        }
    }

    /** A name or id: a JSON string with something in it. */
    public static final class NonEmptyText extends StdScalarDeserializer<String> {
        public NonEmptyText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING && !p.getText().isBlank()) {
                return p.getText();
            }
            throw new ExpectedValue(p, NON_EMPTY_TEXT, null, String.class);
        }
    }
}
