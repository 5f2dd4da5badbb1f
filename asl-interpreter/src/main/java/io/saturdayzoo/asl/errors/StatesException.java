package io.saturdayzoo.asl.errors;

/** A named ASL error raised while running a state: what Retry and Catch match on, and what fails an execution. */
public class StatesException extends RuntimeException {
    private final String error;
    private final String errorCause;

    public StatesException(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.errorCause = cause;
    }

    public String error() {
        return error;
    }

    /** The Cause string of the error output (named so as not to clash with {@link Throwable#getCause()}). */
    public String errorCause() {
        return errorCause;
    }
}
