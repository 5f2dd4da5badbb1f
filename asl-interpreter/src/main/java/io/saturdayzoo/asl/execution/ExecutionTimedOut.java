package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;

/** The top-level TimeoutSeconds elapsed on the virtual clock: ends the execution; no Retry or Catch applies. */
final class ExecutionTimedOut extends StatesException {
    ExecutionTimedOut(int timeoutSeconds) {
        super(StatesErrors.TIMEOUT, "Execution timed out after " + timeoutSeconds + " seconds");
    }
}
