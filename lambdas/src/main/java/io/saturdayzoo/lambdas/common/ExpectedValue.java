package io.saturdayzoo.lambdas.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/** A field whose value is not what its deserializer accepts; {@link #expected()} says what would be. */
final class ExpectedValue extends InvalidFormatException {

    private final String expected;

    ExpectedValue(JsonParser parser, String expected, Object value, Class<?> targetType) {
        super(parser, "expected " + expected, value, targetType);
        this.expected = expected;
    }

    String expected() {
        return expected;
    }
}
