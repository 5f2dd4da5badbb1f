package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Whether rotation may pick a spec. Retired specs keep their registered versions but are never trained again. */
public enum SpecStatus {
    ACTIVE, RETIRED;

    /** The catalog's spelling ("active"), read and written as such. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SpecStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }

    /** "active|retired", for error messages. */
    public static String expected() {
        return Arrays.stream(values()).map(SpecStatus::wireName).collect(Collectors.joining("|"));
    }
}
