package io.saturdayzoo.asl.task;

import com.fasterxml.jackson.databind.JsonNode;

/** Serves a Task state: receives the effective input (after InputPath and Parameters), returns the raw result. */
@FunctionalInterface
public interface TaskHandler {
    /**
     * @throws TaskFailedException to fail the Task with a chosen error name and cause. Any other exception fails
     *                             it with the exception's class name as the error, as a Lambda function would.
     */
    JsonNode invoke(TaskInvocation invocation) throws TaskFailedException;
}
