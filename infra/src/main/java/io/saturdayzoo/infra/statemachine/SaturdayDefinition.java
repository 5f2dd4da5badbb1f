package io.saturdayzoo.infra.statemachine;

import static io.saturdayzoo.infra.statemachine.StateNames.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Parallel;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.amazon.awscdk.services.stepfunctions.tasks.SnsPublish;
import software.constructs.Construct;

/**
 * The Saturday state machine's definition (docs/ARCHITECTURE.md, "The Saturday picture"), built with the Step Functions constructs.
 *
 * <p>State shape, top to bottom:
 * <ul>
 * <li>{@code $} starts as the validated execution input; ValidateInput adds {@code $.defaults} (every option with
 * its default), Preflight adds {@code $.preflight}.</li>
 * <li>Both branches receive {@code {"execution_id", "options"}} where options = defaults merged with the execution
 * input, so no in-branch state ever meets a missing field.</li>
 * <li>Each branch ({@link ResearchBranch}, {@link PredictorTrainingBranch}, each a StateMachineFragment) ends in
 * a Pass terminal whose whole output is {@code {"branch_x_status": "OK"|"FAILED", "error": {"Error","Cause"}}}:
 * branches report failure as data and never throw, so one branch's failure never cancels the other.</li>
 * <li>After the join, {@code $.outcome} holds both statuses and errors, {@code $.failure} the {Error, Cause} that
 * HandleFailure reports and FailExecution ends with.</li>
 * </ul>
 */
public final class SaturdayDefinition {

    /** The execution's name: unique per run, used as the S3 run prefix and the registry's trained_by. */
    public static final String EXECUTION_ID_PATH = "$$.Execution.Name";
    /** Error ValidateInputHandler raises for bad input; any other error is not the caller's fault. */
    public static final String INVALID_INPUT_ERROR = "InvalidInput";
    public static final String BRANCH_FAILED_ERROR = "BranchFailed";
    /** SelectRotation's quarantine notice, carried out of branch B into $.outcome for both notices. */
    public static final String QUARANTINE = io.saturdayzoo.core.rotation.RotationPlan.QUARANTINE_NOTICE_FIELD;
    public static final String OK = "OK";
    public static final String FAILED = "FAILED";
    public static final String BATCH_JOB_NAME_TRAIN = "saturday-train";
    public static final String BATCH_JOB_NAME_TRAIN_NODES = "saturday-train-nodes";
    public static final String BATCH_JOB_NAME_RESEARCH = "saturday-research";
    public static final String BATCH_JOB_NAME_BACKTEST = "saturday-backtest";
    /** Batch job parameters the container commands refer to as Ref::spec_id and Ref::execution_id. */
    public static final String SPEC_ID_PARAMETER = "spec_id";
    public static final String EXECUTION_ID_PARAMETER = "execution_id";

    /**
     * The resources the Task states call, and the error names ValidateInput's rejection can arrive under (the
     * simple class name in-process; the fully qualified one from the Java Lambda runtime). Multi-node specs go to
     * their own queue and job definition, whose node range covering every node is {@code allNodes}.
     */
    public record Targets(Map<ZooFunction, IFunction> functions, String jobQueueArn, String trainerJobDefinitionArn,
                          String researchJobDefinitionArn, String multiNodeJobQueueArn,
                          String multiNodeJobDefinitionArn, String allNodes, ITopic alertTopic,
                          List<String> invalidInputErrors) {
    }

    private SaturdayDefinition() {
    }

    /**
     * Builds every state under {@code scope} and returns the first one (ValidateInput). The states appear in the
     * order a run meets them; each is linked from the one before it. Only the failure path comes first, because every
     * stage catches into it.
     */
    public static IChainable build(Construct scope, Targets targets, SaturdaySettings settings) {
        SnsPublish handleFailure = RunNotices.failurePath(scope, targets);

        // ---- the input, and Preflight ----
        LambdaInvoke validateInput = validateInput(scope, targets);
        Fail inputRejected = Fail.Builder.create(scope, INPUT_REJECTED)
                .error(INVALID_INPUT_ERROR)
                .causePath("$.Cause")
                .build();
        validateInput.addCatch(inputRejected, CatchProps.builder().errors(targets.invalidInputErrors()).build());

        LambdaInvoke preflight = lambda(scope, PREFLIGHT, targets, ZooFunction.PREFLIGHT, executionIdPayload(),
                "$.preflight");
        validateInput.next(preflight);
        Pass extractPreflightError = Pass.Builder.create(scope, EXTRACT_PREFLIGHT_ERROR)
                .parameters(ordered(
                        "Error", JsonPath.stringAt("$.preflight_error.Error"),
                        "Cause", JsonPath.stringAt("$.preflight_error.Cause")))
                .resultPath("$.failure")
                .build();
        extractPreflightError.next(handleFailure);
        preflight.addCatch(extractPreflightError, CatchProps.builder().resultPath("$.preflight_error").build());

        Choice checkPreflightOnly = Choice.Builder.create(scope, CHECK_PREFLIGHT_ONLY).build()
                .when(flagSet("$.preflight_only"), FridayDryRun.build(scope, targets, extractPreflightError,
                        handleFailure));
        preflight.next(checkPreflightOnly);

        // ---- the two independent branches, side by side ----
        Parallel parallel = branches(scope, targets, settings);
        checkPreflightOnly.otherwise(parallel);
        // Branches never throw, so only engine-level errors (e.g. States.DataLimitExceeded) arrive here.
        parallel.addCatch(handleFailure, CatchProps.builder().resultPath("$.failure").build());

        // ---- the join: both outcomes side by side, and a failed branch surfaced as the run's failure ----
        Pass aggregate = Pass.Builder.create(scope, AGGREGATE_BRANCH_OUTCOMES)
                .parameters(joinedOutcome())
                .resultPath("$.outcome")
                .build();
        parallel.next(aggregate);
        Pass extractParallelBranchError = Pass.Builder.create(scope, EXTRACT_PARALLEL_BRANCH_ERROR)
                .parameters(ordered(
                        "Error", BRANCH_FAILED_ERROR,
                        "Cause", JsonPath.format("research {} ({}: {}); predictor training {} ({}: {}); "
                                        + "quarantined: {}",
                                JsonPath.stringAt("$.outcome." + ResearchBranch.STATUS),
                                JsonPath.stringAt("$.outcome.errors.research.Error"),
                                JsonPath.stringAt("$.outcome.errors.research.Cause"),
                                JsonPath.stringAt("$.outcome." + PredictorTrainingBranch.STATUS),
                                JsonPath.stringAt("$.outcome.errors.predictor_training.Error"),
                                JsonPath.stringAt("$.outcome.errors.predictor_training.Cause"),
                                JsonPath.stringAt("$.outcome." + QUARANTINE))))
                .resultPath("$.failure")
                .build();
        extractParallelBranchError.next(handleFailure);
        Choice checkBranchOutcomes = Choice.Builder.create(scope, CHECK_BRANCH_OUTCOMES).build()
                .when(Condition.or(
                                Condition.stringEquals("$.outcome." + ResearchBranch.STATUS, FAILED),
                                Condition.stringEquals("$.outcome." + PredictorTrainingBranch.STATUS, FAILED)),
                        extractParallelBranchError);
        aggregate.next(checkBranchOutcomes);

        // ---- the eval gate ----
        Choice checkSkipEvalGate = Choice.Builder.create(scope, CHECK_SKIP_EVAL_GATE).build();
        checkBranchOutcomes.otherwise(checkSkipEvalGate);
        // The gate's measurements run as a Batch job on the research job definition, not in the EvalGate Lambda:
        // LightGBM's natives, the datasets and two models per label outgrow a Lambda's package, memory and time.
        CustomState backtest = BatchJobStates.submitAndWait(scope, BACKTEST, BATCH_JOB_NAME_BACKTEST,
                targets.jobQueueArn(), targets.researchJobDefinitionArn(), List.of("backtest", "--execution-id",
                        BatchJobStates.ref(EXECUTION_ID_PARAMETER)),
                ordered(EXECUTION_ID_PARAMETER, EXECUTION_ID_PATH), "$.backtest");
        checkSkipEvalGate.otherwise(backtest);
        LambdaInvoke evalGate = lambda(scope, EVAL_GATE, targets, ZooFunction.EVAL_GATE, executionIdPayload(),
                "$.eval_gate");
        backtest.next(evalGate);
        // Without a report the gate still runs: labels with a champion wait (reported WAITING), the others decide.
        backtest.addCatch(evalGate, CatchProps.builder().resultPath("$.backtest_error").build());
        evalGate.addCatch(handleFailure, CatchProps.builder().resultPath("$.failure").build());

        // ---- success ----
        SnsPublish notifySuccess = RunNotices.successNotice(scope, targets);
        checkSkipEvalGate.when(flagSet("$.skip_eval_gate"), notifySuccess);
        evalGate.next(notifySuccess);
        notifySuccess.next(Succeed.Builder.create(scope, DONE).build());
        // A notice that still cannot be sent does not undo the run: its candidates are registered and judged, and
        // failing it would invite a re-run that trains again for nothing. So it succeeds, in its own terminal with
        // $.notify_error, where the execution history and output show it.
        notifySuccess.addCatch(Succeed.Builder.create(scope, DONE_WITHOUT_NOTICE)
                        .comment("Succeeded; the success notice could not be sent ($.notify_error)")
                        .build(),
                CatchProps.builder().resultPath("$.notify_error").build());
        return validateInput;
    }

    /**
     * ValidateInput sees the raw execution input (so it can reject unknown fields by name) and only accepts or
     * rejects; its result is replaced by the option defaults the branches merge the input onto. The input goes
     * wrapped in an object and the Catch has no ResultPath (the error replaces the state's data), because the
     * execution input may be any JSON value (null, [], 42, "x"): a path into it would fail with
     * States.ResultPathMatchFailure instead.
     */
    private static LambdaInvoke validateInput(Construct scope, Targets targets) {
        return LambdaInvoke.Builder.create(scope, VALIDATE_INPUT)
                .lambdaFunction(targets.functions().get(ZooFunction.VALIDATE_INPUT))
                .payloadResponseOnly(true)
                .payload(TaskInput.fromObject(ordered("input", JsonPath.stringAt("$$.Execution.Input"))))
                .resultSelector(optionDefaults())
                .resultPath("$.defaults")
                .build();
    }

    /** The Parallel of the research and predictor training branches, each fed the same branch input. */
    private static Parallel branches(Construct scope, Targets targets, SaturdaySettings settings) {
        Map<String, Object> branchInput = new LinkedHashMap<>();
        branchInput.put("execution_id", JsonPath.stringAt(EXECUTION_ID_PATH));
        branchInput.put("options", mergedOptions());
        // What the notices say of quarantine when SelectRotation did not run; its result replaces $.rotation.
        branchInput.put("rotation", ordered(QUARANTINE, "not known (rotation did not run)"));
        Parallel parallel = Parallel.Builder.create(scope, RESEARCH_PREDICTOR_PARALLEL)
                .parameters(branchInput)
                .resultPath("$.parallel_result")
                .build();
        parallel.branch(new ResearchBranch(scope, "ResearchBranch", targets, settings));
        parallel.branch(new PredictorTrainingBranch(scope, "PredictorTrainingBranch", targets, settings));
        // Explicit no-op: a retried Parallel would re-run a branch that already trained and registered models.
        parallel.addRetry(RetryProps.builder().errors(List.of("States.ALL")).maxAttempts(0).build());
        return parallel;
    }

    /** $.outcome after the join: both branch statuses, both errors, and branch B's quarantine notice. */
    private static Map<String, Object> joinedOutcome() {
        Map<String, Object> errors = new LinkedHashMap<>();
        errors.put("research", JsonPath.stringAt("$.parallel_result[0].error"));
        errors.put("predictor_training", JsonPath.stringAt("$.parallel_result[1].error"));
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put(ResearchBranch.STATUS, JsonPath.stringAt("$.parallel_result[0]." + ResearchBranch.STATUS));
        outcome.put(PredictorTrainingBranch.STATUS,
                JsonPath.stringAt("$.parallel_result[1]." + PredictorTrainingBranch.STATUS));
        outcome.put("errors", errors);
        outcome.put(QUARANTINE, JsonPath.stringAt("$.parallel_result[1]." + QUARANTINE));
        return outcome;
    }

    /**
     * A map that keeps the order its entries are given in. Map.of iterates in an order that changes from one JVM to
     * the next, which would make the definition text (and so every deploy) differ between identical synths.
     */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Every execution-input option with its default; ValidateInput guarantees the input only narrows these. */
    static Map<String, Object> optionDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("skip_research", false);
        defaults.put("skip_predictor_training", false);
        defaults.put("skip_eval_gate", false);
        defaults.put("preflight_only", false);
        // null: SelectRotation takes the catalog's budget, the one source of the default. (A literal null would be
        // dropped on the way through CDK, so the definition computes it.)
        defaults.put("budget", JsonPath.stringToJson("null"));
        // null: no explicit choice, SelectRotation rotates by staleness.
        defaults.put("spec_ids", JsonPath.stringToJson("null"));
        return defaults;
    }

    static Map<String, Object> executionIdPayload() {
        return ordered("execution_id", JsonPath.stringAt(EXECUTION_ID_PATH));
    }

    /** A branch's terminal output: its status and a placeholder error. */
    static Map<String, Object> branchOutcome(String statusField, String status) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put(statusField, status);
        outcome.put("error", ordered("Error", "none", "Cause", "none"));
        return outcome;
    }

    /** A failed branch's terminal output: FAILED and the error it caught at $.error. */
    static Map<String, Object> failedOutcome(String statusField) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put(statusField, FAILED);
        outcome.put("error", JsonPath.stringAt("$.error"));
        return outcome;
    }

    /** A boolean option of the execution input that is present and true (absent means false). */
    private static Condition flagSet(String path) {
        return Condition.and(Condition.isPresent(path), Condition.booleanEquals(path, true));
    }

    static LambdaInvoke lambda(Construct scope, String stateName, Targets targets, ZooFunction function,
                                       Map<String, Object> payload, String resultPath) {
        return LambdaInvoke.Builder.create(scope, stateName)
                .lambdaFunction(targets.functions().get(function))
                // The handler receives exactly the payload and its return value is the task result (no envelope).
                .payloadResponseOnly(true)
                .payload(TaskInput.fromObject(payload))
                .resultPath(resultPath)
                .build();
    }

    /** Every option with its default, overridden by the execution input (ValidateInput vouched for it). */
    static String mergedOptions() {
        return JsonPath.jsonMerge(JsonPath.objectAt("$.defaults"), JsonPath.objectAt("$$.Execution.Input"));
    }

    /** SelectRotation's request from {@code {"execution_id", "options"}} at {@code path}. */
    static Map<String, Object> rotationRequest(String path) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("execution_id", JsonPath.stringAt(path + ".execution_id"));
        request.put("budget", JsonPath.numberAt(path + ".options.budget"));
        request.put("spec_ids", JsonPath.stringAt(path + ".options.spec_ids"));
        return request;
    }
}
