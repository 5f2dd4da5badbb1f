package io.saturdayzoo.lambdas.preflight;

import io.saturdayzoo.core.preflight.PreflightCheck;
import io.saturdayzoo.lambdas.common.HandlerError;

import java.util.List;
import java.util.stream.Collectors;

/**
 * At least one preflight check failed. The message is one line saying how many, then one line per failed check:
 * "name: detail", e.g. "bucket: cannot reach bucket 'zoo': no AWS credentials found".
 */
public final class PreflightFailed extends HandlerError {

    private final List<PreflightCheck> checks;

    public PreflightFailed(List<PreflightCheck> checks) {
        super(message(checks));
        this.checks = List.copyOf(checks);
    }

    private static String message(List<PreflightCheck> checks) {
        List<PreflightCheck> failed = checks.stream().filter(c -> !c.ok()).toList();
        return failed.size() + " of " + checks.size() + " preflight checks failed:\n"
                + failed.stream().map(c -> c.name() + ": " + c.detail()).collect(Collectors.joining("\n"));
    }

    /** Every check, passed and failed, in the order they ran. */
    public List<PreflightCheck> checks() {
        return checks;
    }

    public List<String> failedNames() {
        return checks.stream().filter(c -> !c.ok()).map(PreflightCheck::name).toList();
    }
}
