package io.saturdayzoo.infra.statemachine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saturdayzoo.core.catalog.NodeSize;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.constructs.Construct;

/**
 * The definition's {@code batch:submitJob.sync} Task states, written as ASL rather than with CDK's BatchSubmitJob:
 * that task grants {@code batch:SubmitJob} on every job definition of the account, while the state machine's role
 * gets exactly the project's job definitions and queue (SpotEngine.grantRunJobs).
 */
final class BatchJobStates {

    private BatchJobStates() {
    }

    /**
     * One job of {@code jobDefinitionArn} on the queue, waiting for it to end; the task result is
     * {@code {"job_id", "status"}} at {@code resultPath}.
     *
     * @param jobParameters Batch job parameter name to the JSONPath of its value; the command names them as
     *                      {@link #ref} (Step Functions cannot put paths inside an array)
     */
    static CustomState submitAndWait(Construct scope, String stateName, String jobName, String jobQueueArn,
                                     String jobDefinitionArn, List<String> command, Map<String, Object> jobParameters,
                                     String resultPath) {
        Map<String, Object> submitJob = submission(jobName, jobQueueArn, jobDefinitionArn, jobParameters);
        submitJob.put("ContainerOverrides", SaturdayDefinition.ordered("Command", command));
        return task(scope, stateName, submitJob, resultPath, false);
    }

    /**
     * As {@link #submitAndWait}, the result also keeping the job's real {@code started_at} and {@code stopped_at}
     * (Batch's epoch milliseconds), which the ledger settles from.
     */
    static CustomState submitAndWaitTimed(Construct scope, String stateName, String jobName, String jobQueueArn,
                                          String jobDefinitionArn, List<String> command,
                                          Map<String, Object> jobParameters, String resultPath) {
        Map<String, Object> submitJob = submission(jobName, jobQueueArn, jobDefinitionArn, jobParameters);
        submitJob.put("ContainerOverrides", SaturdayDefinition.ordered("Command", command));
        return task(scope, stateName, submitJob, resultPath, true);
    }

    /**
     * One multi-node parallel job, as {@link #submitAndWaitTimed} (the ledger settles from its run time): every node
     * ({@code allNodes}, Batch's target range) runs {@code command}; the node count is the number at
     * {@code nodesPath} and each node's size the object at {@code nodeSizePath}, in Batch's resource values
     * ({@code {"vcpus": "4", "memory_mib": "14336"}}, strings).
     */
    static CustomState submitNodesAndWait(Construct scope, String stateName, String jobName, String jobQueueArn,
                                          String jobDefinitionArn, String allNodes, List<String> command,
                                          Map<String, Object> jobParameters, String nodesPath, String nodeSizePath,
                                          String resultPath) {
        Map<String, Object> submitJob = submission(jobName, jobQueueArn, jobDefinitionArn, jobParameters);
        List<Object> resources = List.of(
                SaturdayDefinition.ordered("Type", "VCPU", "Value.$", nodeSizePath + "." + NodeSize.ITEM_VCPUS),
                SaturdayDefinition.ordered("Type", "MEMORY", "Value.$",
                        nodeSizePath + "." + NodeSize.ITEM_MEMORY_MIB));
        submitJob.put("NodeOverrides", SaturdayDefinition.ordered(
                "NumNodes.$", nodesPath,
                "NodePropertyOverrides", List.of(SaturdayDefinition.ordered(
                        "TargetNodes", allNodes,
                        "ContainerOverrides", SaturdayDefinition.ordered(
                                "Command", command,
                                "ResourceRequirements", resources)))));
        return task(scope, stateName, submitJob, resultPath, true);
    }

    private static Map<String, Object> submission(String jobName, String jobQueueArn, String jobDefinitionArn,
                                                  Map<String, Object> jobParameters) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        jobParameters.forEach((name, path) -> parameters.put(name + ".$", path));
        Map<String, Object> submitJob = new LinkedHashMap<>();
        submitJob.put("JobDefinition", jobDefinitionArn);
        submitJob.put("JobName", jobName);
        submitJob.put("JobQueue", jobQueueArn);
        submitJob.put("Parameters", parameters);
        return submitJob;
    }

    private static CustomState task(Construct scope, String stateName, Map<String, Object> submitJob,
                                    String resultPath, boolean timed) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Resource", "arn:" + Aws.PARTITION + ":states:::batch:submitJob.sync");
        state.put("Parameters", submitJob);
        state.put("ResultSelector", timed
                ? SaturdayDefinition.ordered("job_id.$", "$.JobId", "status.$", "$.Status",
                        "started_at.$", "$.StartedAt", "stopped_at.$", "$.StoppedAt")
                : SaturdayDefinition.ordered("job_id.$", "$.JobId", "status.$", "$.Status"));
        state.put("ResultPath", resultPath);
        return CustomState.Builder.create(scope, stateName).stateJson(state).build();
    }

    /** Batch substitutes {@code Ref::name} in the container command with the job parameter {@code name}. */
    static String ref(String parameter) {
        return "Ref::" + parameter;
    }
}
