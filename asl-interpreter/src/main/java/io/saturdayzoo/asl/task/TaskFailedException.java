package io.saturdayzoo.asl.task;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Task's failure with an explicit ASL error name and cause, as Retry and Catch will see them. */
public class TaskFailedException extends Exception {
    private final String error;
    private final String errorCause;

    public TaskFailedException(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.errorCause = cause;
    }

    public TaskFailedException(String error, String cause, Throwable origin) {
        super(error + ": " + cause, origin);
        this.error = error;
        this.errorCause = cause;
    }

    /**
     * The failure a Lambda function reports when it throws {@code exception}: the error is the exception's class
     * name and the cause is the Lambda error payload {"errorMessage","errorType"} as a JSON string.
     */
    public static TaskFailedException fromLambdaException(Throwable exception) {
        String type = exception.getClass().getName();
        ObjectNode payload = JsonNodeFactory.instance.objectNode()
                .put("errorMessage", String.valueOf(exception.getMessage()))
                .put("errorType", type);
        payload.putArray("stackTrace");
        return new TaskFailedException(type, payload.toString(), exception);
    }

    public String error() {
        return error;
    }

    public String errorCause() {
        return errorCause;
    }
}
