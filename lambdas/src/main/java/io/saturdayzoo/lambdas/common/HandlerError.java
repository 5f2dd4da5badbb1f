package io.saturdayzoo.lambdas.common;

/**
 * A failure the state machine routes on. The class's simple name is the error name ("InvalidInput",
 * "PreflightFailed", ...); the message is the cause a person reads, naming the field, check or spec at fault.
 */
public abstract class HandlerError extends RuntimeException {

    protected HandlerError(String message) {
        super(message);
    }

    protected HandlerError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The error name a Catch matches on: the simple class name. */
    public String errorName() {
        return getClass().getSimpleName();
    }
}
