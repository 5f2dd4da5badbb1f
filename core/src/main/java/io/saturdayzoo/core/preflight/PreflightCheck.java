package io.saturdayzoo.core.preflight;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One preflight check's outcome, {"name", "ok", "detail"}: what the Preflight Lambda and the trainer's
 * {@code preflight} command both report.
 */
public record PreflightCheck(@JsonProperty("name") String name, @JsonProperty("ok") boolean ok,
                             @JsonProperty("detail") String detail) {

    public static PreflightCheck pass(String name, String detail) {
        return new PreflightCheck(name, true, detail);
    }

    public static PreflightCheck fail(String name, String detail) {
        return new PreflightCheck(name, false, detail);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("ok", ok);
        out.put("detail", detail);
        return out;
    }
}
