package io.saturdayzoo.lambdas.common;

/**
 * A failure the state machine routes on. The class's simple name is the error's short name ("InvalidInput",
 * "PreflightFailed", ...); the message is the cause a person reads, naming the field, check or spec at fault.
 * <p>The Java Lambda runtime reports a thrown exception's fully qualified class name as the error type, so in AWS a
 * Catch sees e.g. "io.saturdayzoo.lambdas.validateinput.InvalidInput" ({@link #lambdaErrorType()}); an in-process
 * caller that wants to behave exactly like AWS should use that name too.
 */
public abstract class HandlerError extends RuntimeException {

    protected HandlerError(String message) {
        super(message);
    }

    protected HandlerError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The short error name: the simple class name. */
    public String errorName() {
        return getClass().getSimpleName();
    }

    /** The error name Step Functions sees when this is thrown inside AWS Lambda: the fully qualified class name. */
    public String lambdaErrorType() {
        return getClass().getName();
    }
}
