package io.saturdayzoo.infra.statemachine;

import io.saturdayzoo.core.json.OperationField;
import io.saturdayzoo.core.ledger.LedgerOperations;
import io.saturdayzoo.core.registry.RegistryOperations;
import java.util.LinkedHashMap;
import java.util.Map;

import io.saturdayzoo.core.ledger.AllocationId;
import io.saturdayzoo.core.ledger.BudgetExceeded;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * TrainModelVersion: one training on demand, from a chosen parent, under the cost ledger (docs/ARCHITECTURE.md,
 * "On-demand training"). Read top to bottom:
 * <ol>
 * <li>Begin seeds every path the later states fill ($.plan, $.allocation, $.job, ...), so a failure anywhere can
 *     be recorded with what is known.</li>
 * <li>PlanTraining validates the request, resolves the parent and estimates the cost; a dry run stops after
 *     RecordDryRun with nothing written but its audit row.</li>
 * <li>ReserveBudget holds the estimate against the period's budget (BudgetExceeded: nothing launches).</li>
 * <li>TrainVersion runs the trainer on Spot, its attempt timeout the request's wall-time cap, its vCPUs and
 *     memory the request's; a stopped execution terminates the job.</li>
 * <li>SettleCost books the job's real run time, RegisterVersion files the version under its parent,
 *     RecordTrained stamps cost and allocation on it, writes the audit row and announces ModelVersionTrained.</li>
 * </ol>
 * Every failure before the job ends goes through ReleaseReservation, then RecordFailure, then fails the execution
 * with the original error.
 */
public final class TrainModelVersionDefinition {

    public static final String NAME = "TrainModelVersion";
    public static final String BEGIN = "Begin";
    public static final String PLAN_TRAINING = "PlanTraining";
    public static final String CHECK_DRY_RUN = "CheckDryRun";
    public static final String RECORD_DRY_RUN = "RecordDryRun";
    public static final String RESERVE_BUDGET = "ReserveBudget";
    public static final String TRAIN_VERSION = "TrainVersion";
    public static final String SETTLE_COST = "SettleCost";
    public static final String REGISTER_VERSION = "RegisterVersion";
    public static final String RECORD_TRAINED = "RecordTrained";
    public static final String TRAINED = "Trained";
    public static final String RELEASE_RESERVATION = "ReleaseReservation";
    public static final String RECORD_FAILURE = "RecordFailure";
    public static final String TRAINING_FAILED = "TrainingFailed";
    public static final String BATCH_JOB_NAME = "saturday-train-on-demand";
    /** The error a request over the period's remaining budget fails with. */
    public static final String BUDGET_EXCEEDED_ERROR = BudgetExceeded.ERROR;

    /** What the states call: the Lambda functions, and the Spot queue and trainer job definition. */
    public record Targets(Map<ZooFunction, IFunction> functions, String jobQueueArn,
                          String trainerJobDefinitionArn) {
    }

    private TrainModelVersionDefinition() {
    }

    public static IChainable build(Construct scope, Targets targets) {
        // ---- the failure path, shared by every state (built first: they point at it) ----
        Fail failed = Fail.Builder.create(scope, TRAINING_FAILED)
                .errorPath("$.failure.Error")
                .causePath("$.failure.Cause")
                .build();
        LambdaInvoke recordFailure = record(scope, targets, RECORD_FAILURE, "FAILED", "$.record");
        // The audit row is the record; failing to write it must not hide the training's own error.
        recordFailure.addCatch(failed, CatchProps.builder().resultPath("$.record_error").build());
        recordFailure.next(failed);
        LambdaInvoke release = invoke(scope, targets, RELEASE_RESERVATION, ZooFunction.TRAINING_LEDGER,
                SaturdayDefinition.ordered(OperationField.NAME, LedgerOperations.RELEASE,
                        "allocation_id", JsonPath.stringAt("$.allocation.allocation_id"),
                        "reason", JsonPath.format("{}: {}", JsonPath.stringAt("$.failure.Error"),
                                JsonPath.stringAt("$.failure.Cause"))),
                "$.released");
        // Unreleased here, the Batch event consumer still releases it when the job's FAILED event arrives.
        release.addCatch(recordFailure, CatchProps.builder().resultPath("$.release_error").build());
        release.next(recordFailure);

        // ---- top to bottom ----
        Pass begin = Pass.Builder.create(scope, BEGIN)
                .parameters(SaturdayDefinition.ordered(
                        "plan", Map.of(), "allocation", Map.of(), "job", Map.of(), "settlement", Map.of(),
                        "registered", Map.of()))
                .build();

        LambdaInvoke plan = invoke(scope, targets, PLAN_TRAINING, ZooFunction.PLAN_TRAINING,
                SaturdayDefinition.ordered("input", JsonPath.objectAt("$$.Execution.Input"),
                        "execution_id", JsonPath.stringAt(SaturdayDefinition.EXECUTION_ID_PATH)),
                "$.plan");
        plan.addCatch(recordFailure, CatchProps.builder().resultPath("$.failure").build());
        begin.next(plan);

        Succeed trained = Succeed.Builder.create(scope, TRAINED).outputPath("$.record").build();
        LambdaInvoke recordDryRun = record(scope, targets, RECORD_DRY_RUN, "DRY_RUN", "$.record");
        recordDryRun.addCatch(recordFailure, CatchProps.builder().resultPath("$.failure").build());
        recordDryRun.next(trained);

        LambdaInvoke reserve = invoke(scope, targets, RESERVE_BUDGET, ZooFunction.TRAINING_LEDGER,
                SaturdayDefinition.ordered(OperationField.NAME, LedgerOperations.RESERVE,
                        "execution_id", JsonPath.stringAt(SaturdayDefinition.EXECUTION_ID_PATH),
                        "plan", JsonPath.objectAt("$.plan")),
                "$.allocation");
        reserve.addCatch(recordFailure, CatchProps.builder().resultPath("$.failure").build());
        plan.next(Choice.Builder.create(scope, CHECK_DRY_RUN).build()
                .when(Condition.booleanEquals("$.plan.dry_run", true), recordDryRun)
                .otherwise(reserve));

        CustomState train = trainVersion(scope, targets);
        train.addCatch(release, CatchProps.builder().resultPath("$.failure").build());
        reserve.next(train);

        LambdaInvoke settle = invoke(scope, targets, SETTLE_COST, ZooFunction.TRAINING_LEDGER,
                SaturdayDefinition.ordered(OperationField.NAME, LedgerOperations.SETTLE,
                        "allocation_id", JsonPath.stringAt("$.allocation.allocation_id"),
                        "plan", JsonPath.objectAt("$.plan"),
                        "job", JsonPath.objectAt("$.job")),
                "$.settlement");
        // Release gives nothing back once settled (both need a RESERVED allocation); the event consumer settles.
        settle.addCatch(release, CatchProps.builder().resultPath("$.failure").build());
        train.next(settle);

        LambdaInvoke register = invoke(scope, targets, REGISTER_VERSION, ZooFunction.REGISTRY,
                SaturdayDefinition.ordered(OperationField.NAME, RegistryOperations.REGISTER,
                        "execution_id", JsonPath.stringAt(SaturdayDefinition.EXECUTION_ID_PATH),
                        "spec_id", JsonPath.stringAt("$.plan.spec_id")),
                "$.registered");
        register.addCatch(recordFailure, CatchProps.builder().resultPath("$.failure").build());
        settle.next(register);

        LambdaInvoke recordTrained = record(scope, targets, RECORD_TRAINED, "TRAINED", "$.record");
        recordTrained.addCatch(recordFailure, CatchProps.builder().resultPath("$.failure").build());
        register.next(recordTrained);
        recordTrained.next(trained);
        return begin;
    }

    /**
     * The trainer on the Spot queue: the command PlanTraining built, the request's size, the wall-time cap as the
     * attempt's timeout (Batch stops the job there), and the allocation id as a job parameter, which the command
     * refers to and the Batch event consumer reads. The result keeps the job's real start and stop.
     */
    private static CustomState trainVersion(Construct scope, Targets targets) {
        Map<String, Object> submitJob = new LinkedHashMap<>();
        submitJob.put("JobDefinition", targets.trainerJobDefinitionArn());
        submitJob.put("JobName", BATCH_JOB_NAME);
        submitJob.put("JobQueue", targets.jobQueueArn());
        submitJob.put("Parameters", SaturdayDefinition.ordered(AllocationId.JOB_PARAMETER + ".$",
                "$.allocation.allocation_id"));
        submitJob.put("ContainerOverrides", SaturdayDefinition.ordered(
                "Command.$", "$.plan.command",
                "ResourceRequirements.$", "$.plan.resources"));
        submitJob.put("Timeout", SaturdayDefinition.ordered("AttemptDurationSeconds.$", "$.plan.timeout_seconds"));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Resource", "arn:" + Aws.PARTITION + ":states:::batch:submitJob.sync");
        state.put("Parameters", submitJob);
        state.put("ResultSelector", SaturdayDefinition.ordered("job_id.$", "$.JobId", "status.$", "$.Status",
                "started_at.$", "$.StartedAt", "stopped_at.$", "$.StoppedAt"));
        state.put("ResultPath", "$.job");
        return CustomState.Builder.create(scope, TRAIN_VERSION).stateJson(state).build();
    }

    private static LambdaInvoke record(Construct scope, Targets targets, String stateName, String outcome,
                                       String resultPath) {
        Map<String, Object> payload = SaturdayDefinition.ordered(
                OperationField.NAME, LedgerOperations.RECORD,
                "outcome", outcome,
                "execution_id", JsonPath.stringAt(SaturdayDefinition.EXECUTION_ID_PATH),
                "execution_arn", JsonPath.stringAt("$$.Execution.Id"),
                "input", JsonPath.objectAt("$$.Execution.Input"),
                "plan", JsonPath.objectAt("$.plan"),
                "allocation", JsonPath.objectAt("$.allocation"),
                "settlement", JsonPath.objectAt("$.settlement"),
                "registered", JsonPath.objectAt("$.registered"));
        if (outcome.equals("FAILED")) {
            payload.put("error", JsonPath.objectAt("$.failure"));
        }
        return invoke(scope, targets, stateName, ZooFunction.TRAINING_LEDGER, payload, resultPath);
    }

    private static LambdaInvoke invoke(Construct scope, Targets targets, String stateName, ZooFunction function,
                                       Map<String, Object> payload, String resultPath) {
        return LambdaInvoke.Builder.create(scope, stateName)
                .lambdaFunction(targets.functions().get(function))
                // The handler receives exactly the payload and its return value is the task result (no envelope).
                .payloadResponseOnly(true)
                .payload(TaskInput.fromObject(payload))
                .resultPath(resultPath)
                .build();
    }
}
