package io.saturdayzoo.asl.execution;

/** ARNs of local state machines and executions, laid out as Step Functions lays them out, in region "local". */
final class Arns {
    private static final String PREFIX = "arn:aws:states:local:000000000000:";

    private Arns() {
    }

    static String stateMachine(String stateMachineName) {
        return PREFIX + "stateMachine:" + stateMachineName;
    }

    static String execution(String stateMachineName, String executionName) {
        return PREFIX + "execution:" + stateMachineName + ":" + executionName;
    }

    /** @param stateMachineName the parent state machine's name, "/" and the Map's label */
    static String mapRun(String stateMachineName, String mapRunId) {
        return PREFIX + "mapRun:" + stateMachineName + ":" + mapRunId;
    }

    static String executionRole() {
        return "arn:aws:iam:local:000000000000:role/local-execution";
    }
}
