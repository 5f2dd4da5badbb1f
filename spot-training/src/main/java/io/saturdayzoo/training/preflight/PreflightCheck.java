package io.saturdayzoo.training.preflight;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One preflight check's outcome, in the shape the Preflight Lambda reports too. */
public record PreflightCheck(@JsonProperty("name") String name, @JsonProperty("ok") boolean ok,
                             @JsonProperty("detail") String detail) {
}
