package io.saturdayzoo.asl.errors;

import java.util.List;

/** The predefined error names of the States language, and the rule deciding which ErrorEquals entry matches. */
public final class StatesErrors {
    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String RUNTIME = "States.Runtime";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    /** A state's input (after Parameters), result or output over {@link #PAYLOAD_LIMIT_BYTES}; terminal. */
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    /** Step Functions' quota on the data a state takes, produces or passes on: 256 KiB as a UTF-8 string. */
    public static final int PAYLOAD_LIMIT_BYTES = 256 * 1024;

    private StatesErrors() {
    }

    /**
     * Whether a Retry/Catch entry's ErrorEquals covers {@code error}. States.ALL matches everything except
     * States.Runtime (which always fails the execution) and States.DataLimitExceeded (terminal: only an entry that
     * names it matches); States.TaskFailed, on a Task state, matches everything except States.Timeout,
     * States.Runtime and States.DataLimitExceeded.
     */
    public static boolean matches(List<String> errorEquals, String error, boolean raisedByTask) {
        if (RUNTIME.equals(error)) {
            return false;
        }
        boolean terminal = DATA_LIMIT_EXCEEDED.equals(error);
        for (String candidate : errorEquals) {
            if (candidate.equals(error)) {
                return true;
            }
            if (terminal) {
                continue;
            }
            if (ALL.equals(candidate)) {
                return true;
            }
            if (TASK_FAILED.equals(candidate) && raisedByTask && !TIMEOUT.equals(error)) {
                return true;
            }
        }
        return false;
    }
}
