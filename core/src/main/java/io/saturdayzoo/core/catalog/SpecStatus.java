package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Whether rotation may pick a spec. Retired specs keep their registered versions but are never trained again. */
public enum SpecStatus {
    ACTIVE, RETIRED;

    /** The catalog's spelling ("active"), read and written as such. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
