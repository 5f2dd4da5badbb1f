package io.saturdayzoo.asl.execution;

/**
 * Final status of an execution, as DescribeExecution reports it. ABORTED: a Distributed Map's child execution
 * stopped because its Map Run failed or its parent was cancelled.
 */
public enum ExecutionStatus {
    SUCCEEDED, FAILED, TIMED_OUT, ABORTED
}
