package io.saturdayzoo.lambdas.preflight;

import io.saturdayzoo.core.preflight.PreflightCheck;

import java.util.List;

/** Preflight's answer when every check passed: {"ok": true, "checks": [{"name", "ok", "detail"}]}. */
public record PreflightReport(boolean ok, List<PreflightCheck> checks) {
}
