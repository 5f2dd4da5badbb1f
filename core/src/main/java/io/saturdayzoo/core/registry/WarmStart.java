package io.saturdayzoo.core.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Whether a training continued boosting from a parent version's model (the parent's trees, then the new ones) or
 * trained from scratch although a parent was asked for, and why.
 *
 * @param from    the parent version id whose model was asked for ("churn#v3")
 * @param applied true when the shipped model holds the parent's trees
 * @param reason  why it was not applied (null when it was)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WarmStart(@JsonProperty(FROM) String from, @JsonProperty(APPLIED) boolean applied,
                        @JsonProperty(REASON) String reason) {
    // The field names in a run manifest and on a version row.
    public static final String FROM = "from";
    public static final String APPLIED = "applied";
    public static final String REASON = "reason";

    public WarmStart {
        Objects.requireNonNull(from, FROM);
        if (!applied && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("warm_start from " + from + " not applied needs a reason");
        }
    }

    public static WarmStart applied(String from) {
        return new WarmStart(from, true, null);
    }

    public static WarmStart fromScratch(String from, String reason) {
        return new WarmStart(from, false, reason);
    }
}
