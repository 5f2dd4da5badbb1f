package io.saturdayzoo.lambdas.research;

import io.saturdayzoo.lambdas.common.HandlerError;

/** The Research job left no report (or an unreadable one) at research/{executionId}/report.json. */
public final class ReportMissing extends HandlerError {
    public ReportMissing(String message) {
        super(message);
    }

    public ReportMissing(String message, Throwable cause) {
        super(message, cause);
    }
}
