package io.saturdayzoo.infra.statemachine;

import static io.saturdayzoo.infra.statemachine.StateNames.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JitterType;
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
 * <li>Each branch ends in a Pass terminal whose whole output is {@code {"branch_x_status": "OK"|"FAILED",
 * "error": {"Error","Cause"}}}: branches report failure as data and never throw, so one branch's failure never
 * cancels the other.</li>
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
    /** SNS errors worth retrying: throttling, SNS or its KMS key briefly unavailable, a dropped connection. */
    public static final List<String> SNS_TRANSIENT_ERRORS = List.of("SNS.ThrottledException",
            "SNS.InternalErrorException", "SNS.KMSThrottlingException", "SNS.SdkClientException");

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

    /** Builds every state under {@code scope} and returns the first one (ValidateInput). */
    public static IChainable build(Construct scope, Targets targets, SaturdaySettings settings) {
        // ---- after the join, and the shared failure path (built first: earlier states point at them) ----
        Fail failExecution = Fail.Builder.create(scope, FAIL_EXECUTION)
                .errorPath("$.failure.Error")
                .causePath("$.failure.Cause")
                .build();
        SnsPublish handleFailure = SnsPublish.Builder.create(scope, HANDLE_FAILURE)
                .topic(targets.alertTopic())
                .subject("Saturday zoo: run failed")
                .message(TaskInput.fromText(JsonPath.format("Saturday run {} failed. {}: {}",
                        JsonPath.stringAt(EXECUTION_ID_PATH),
                        JsonPath.stringAt("$.failure.Error"),
                        JsonPath.stringAt("$.failure.Cause"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        handleFailure.addRetry(snsRetry());
        // The run fails either way; an unreachable topic must not hide the original failure.
        handleFailure.addCatch(failExecution, CatchProps.builder().resultPath("$.notify_error").build());
        handleFailure.next(failExecution);

        Succeed done = Succeed.Builder.create(scope, DONE).build();
        Succeed doneWithoutNotice = Succeed.Builder.create(scope, DONE_WITHOUT_NOTICE)
                .comment("Succeeded; the success notice could not be sent ($.notify_error)")
                .build();
        SnsPublish notifySuccess = SnsPublish.Builder.create(scope, NOTIFY_SUCCESS)
                .topic(targets.alertTopic())
                .subject("Saturday zoo: run succeeded")
                .message(TaskInput.fromText(JsonPath.format(
                        "Saturday run {} succeeded: research {}, predictor training {}. Quarantined: {}.",
                        JsonPath.stringAt(EXECUTION_ID_PATH),
                        JsonPath.stringAt("$.outcome.branch_a_status"),
                        JsonPath.stringAt("$.outcome.branch_b_status"),
                        JsonPath.stringAt("$.outcome.quarantine"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        notifySuccess.addRetry(snsRetry());
        // A notice that still cannot be sent does not undo the run: its candidates are registered and judged, and
        // failing it would invite a re-run that trains again for nothing. So it succeeds, in its own terminal with
        // $.notify_error, where the execution history and output show it.
        notifySuccess.addCatch(doneWithoutNotice, CatchProps.builder().resultPath("$.notify_error").build());
        notifySuccess.next(done);

        LambdaInvoke evalGate = lambda(scope, EVAL_GATE, targets, ZooFunction.EVAL_GATE, executionIdPayload(),
                "$.eval_gate");
        evalGate.addCatch(handleFailure, CatchProps.builder().resultPath("$.failure").build());
        evalGate.next(notifySuccess);

        // The gate's measurements run as a Batch job on the research job definition, not in the EvalGate Lambda:
        // LightGBM's natives, the datasets and two models per label outgrow a Lambda's package, memory and time.
        CustomState backtest = BatchJobStates.submitAndWait(scope, BACKTEST, BATCH_JOB_NAME_BACKTEST,
                targets.jobQueueArn(), targets.researchJobDefinitionArn(), List.of("backtest", "--execution-id",
                        BatchJobStates.ref(EXECUTION_ID_PARAMETER)),
                ordered(EXECUTION_ID_PARAMETER, EXECUTION_ID_PATH), "$.backtest");
        // Without a report the gate still runs: labels with a champion wait (reported WAITING), the others decide.
        backtest.addCatch(evalGate, CatchProps.builder().resultPath("$.backtest_error").build());
        backtest.next(evalGate);

        Choice checkSkipEvalGate = Choice.Builder.create(scope, CHECK_SKIP_EVAL_GATE).build()
                .when(flagSet("$.skip_eval_gate"), notifySuccess)
                .otherwise(backtest);

        Pass extractParallelBranchError = Pass.Builder.create(scope, EXTRACT_PARALLEL_BRANCH_ERROR)
                .parameters(ordered(
                        "Error", BRANCH_FAILED_ERROR,
                        "Cause", JsonPath.format("research {} ({}: {}); predictor training {} ({}: {}); "
                                        + "quarantined: {}",
                                JsonPath.stringAt("$.outcome.branch_a_status"),
                                JsonPath.stringAt("$.outcome.errors.research.Error"),
                                JsonPath.stringAt("$.outcome.errors.research.Cause"),
                                JsonPath.stringAt("$.outcome.branch_b_status"),
                                JsonPath.stringAt("$.outcome.errors.predictor_training.Error"),
                                JsonPath.stringAt("$.outcome.errors.predictor_training.Cause"),
                                JsonPath.stringAt("$.outcome.quarantine"))))
                .resultPath("$.failure")
                .build();
        extractParallelBranchError.next(handleFailure);

        Choice checkBranchOutcomes = Choice.Builder.create(scope, CHECK_BRANCH_OUTCOMES).build()
                .when(Condition.or(
                                Condition.stringEquals("$.outcome.branch_a_status", FAILED),
                                Condition.stringEquals("$.outcome.branch_b_status", FAILED)),
                        extractParallelBranchError)
                .otherwise(checkSkipEvalGate);

        Map<String, Object> errors = new LinkedHashMap<>();
        errors.put("research", JsonPath.stringAt("$.parallel_result[0].error"));
        errors.put("predictor_training", JsonPath.stringAt("$.parallel_result[1].error"));
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("branch_a_status", JsonPath.stringAt("$.parallel_result[0].branch_a_status"));
        outcome.put("branch_b_status", JsonPath.stringAt("$.parallel_result[1].branch_b_status"));
        outcome.put("errors", errors);
        outcome.put(QUARANTINE, JsonPath.stringAt("$.parallel_result[1]." + QUARANTINE));
        Pass aggregate = Pass.Builder.create(scope, AGGREGATE_BRANCH_OUTCOMES)
                .parameters(outcome)
                .resultPath("$.outcome")
                .build();
        aggregate.next(checkBranchOutcomes);

        // ---- the two independent branches ----
        Map<String, Object> branchInput = new LinkedHashMap<>();
        branchInput.put("execution_id", JsonPath.stringAt(EXECUTION_ID_PATH));
        branchInput.put("options", mergedOptions());
        // What the notices say of quarantine when SelectRotation did not run; its result replaces $.rotation.
        branchInput.put("rotation", ordered(QUARANTINE, "not known (rotation did not run)"));
        Parallel parallel = Parallel.Builder.create(scope, RESEARCH_PREDICTOR_PARALLEL)
                .parameters(branchInput)
                .resultPath("$.parallel_result")
                .build();
        parallel.branch(researchBranch(scope, targets, settings));
        parallel.branch(predictorTrainingBranch(scope, targets, settings));
        // Explicit no-op: a retried Parallel would re-run a branch that already trained and registered models.
        parallel.addRetry(RetryProps.builder().errors(List.of("States.ALL")).maxAttempts(0).build());
        // Branches never throw, so only engine-level errors (e.g. States.DataLimitExceeded) arrive here.
        parallel.addCatch(handleFailure, CatchProps.builder().resultPath("$.failure").build());
        parallel.next(aggregate);

        // ---- before the branches ----
        Pass extractPreflightError = Pass.Builder.create(scope, EXTRACT_PREFLIGHT_ERROR)
                .parameters(ordered(
                        "Error", JsonPath.stringAt("$.preflight_error.Error"),
                        "Cause", JsonPath.stringAt("$.preflight_error.Cause")))
                .resultPath("$.failure")
                .build();
        extractPreflightError.next(handleFailure);

        Choice checkPreflightOnly = Choice.Builder.create(scope, CHECK_PREFLIGHT_ONLY).build()
                .when(flagSet("$.preflight_only"), FridayDryRun.build(scope, targets, extractPreflightError,
                        handleFailure))
                .otherwise(parallel);

        LambdaInvoke preflight = lambda(scope, PREFLIGHT, targets, ZooFunction.PREFLIGHT, executionIdPayload(),
                "$.preflight");
        preflight.addCatch(extractPreflightError, CatchProps.builder().resultPath("$.preflight_error").build());
        preflight.next(checkPreflightOnly);

        Fail inputRejected = Fail.Builder.create(scope, INPUT_REJECTED)
                .error(INVALID_INPUT_ERROR)
                .causePath("$.Cause")
                .build();
        // The handler sees the raw execution input (so it can reject unknown fields by name) and only accepts or
        // rejects; its result is replaced by the option defaults the branches merge the input onto. The input goes
        // wrapped in an object and the Catch has no ResultPath (the error replaces the state's data), because the
        // execution input may be any JSON value (null, [], 42, "x"): a path into it would fail with
        // States.ResultPathMatchFailure instead.
        LambdaInvoke validateInput = LambdaInvoke.Builder.create(scope, VALIDATE_INPUT)
                .lambdaFunction(targets.functions().get(ZooFunction.VALIDATE_INPUT))
                .payloadResponseOnly(true)
                .payload(TaskInput.fromObject(ordered("input", JsonPath.stringAt("$$.Execution.Input"))))
                .resultSelector(optionDefaults())
                .resultPath("$.defaults")
                .build();
        validateInput.addCatch(inputRejected, CatchProps.builder()
                .errors(targets.invalidInputErrors()).build());
        validateInput.next(preflight);
        return validateInput;
    }

    /** Branch A: the research job, then its summary (fail-soft: a failed summary still completes the branch). */
    private static IChainable researchBranch(Construct scope, Targets targets, SaturdaySettings settings) {
        Pass complete = Pass.Builder.create(scope, BRANCH_A_COMPLETE)
                .parameters(branchOutcome("branch_a_status", OK))
                .build();
        Pass failed = Pass.Builder.create(scope, BRANCH_A_FAILED)
                .parameters(failedOutcome("branch_a_status"))
                .build();

        LambdaInvoke summarize = lambda(scope, SUMMARIZE_RESEARCH, targets, ZooFunction.SUMMARIZE_RESEARCH,
                ordered("execution_id", JsonPath.stringAt("$.execution_id")), "$.research_summary");
        summarize.addCatch(complete, CatchProps.builder().resultPath("$.summary_error").build());
        summarize.next(complete);

        CustomState research = BatchJobStates.submitAndWait(scope, RESEARCH, BATCH_JOB_NAME_RESEARCH,
                targets.jobQueueArn(), targets.researchJobDefinitionArn(), researchCommand(settings),
                ordered(EXECUTION_ID_PARAMETER, "$.execution_id"), "$.research");
        research.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        research.next(summarize);

        return Choice.Builder.create(scope, CHECK_SKIP_RESEARCH).build()
                .when(Condition.booleanEquals("$.options.skip_research", true), complete)
                .otherwise(research);
    }

    /**
     * Branch B: rotation, one training job per selected spec (on Spot, or a multi-node job for a spec trained by
     * several machines), registration of the candidates, then the same for the selected ensembles, which load the
     * versions the first pass registered.
     */
    private static IChainable predictorTrainingBranch(Construct scope, Targets targets, SaturdaySettings settings) {
        Map<String, Object> completeOutcome = branchOutcome("branch_b_status", OK);
        completeOutcome.put(QUARANTINE, JsonPath.stringAt("$.rotation." + QUARANTINE));
        Pass complete = Pass.Builder.create(scope, BRANCH_B_COMPLETE)
                .parameters(completeOutcome)
                .build();
        Map<String, Object> failedOutcome = failedOutcome("branch_b_status");
        failedOutcome.put(QUARANTINE, JsonPath.stringAt("$.rotation." + QUARANTINE));
        Pass failed = Pass.Builder.create(scope, BRANCH_B_FAILED)
                .parameters(failedOutcome)
                .build();

        LambdaInvoke selectRotation = lambda(scope, SELECT_ROTATION, targets, ZooFunction.SELECT_ROTATION,
                rotationRequest("$"), "$.rotation");
        selectRotation.addCatch(failed, CatchProps.builder().resultPath("$.error").build());

        // First pass: every selected spec that fits on data; its registration is what the second pass loads.
        software.amazon.awscdk.services.stepfunctions.Map trainSelectedSpecs = trainingPass(scope, targets, settings,
                TRAIN_SELECTED_SPECS, TRAIN_SPEC, RECORD_SPEC_TRAINED, RECORD_SPEC_FAILED, "$.rotation.selected",
                "$.training_results", true);
        trainSelectedSpecs.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        LambdaInvoke registerCandidates = registration(scope, targets, REGISTER_CANDIDATES, "$.training_results",
                "$.registration");
        // Also reached with error SpecsFailed when some spec failed: the others stay registered, the branch FAILED.
        registerCandidates.addCatch(failed, CatchProps.builder().resultPath("$.error").build());

        // Second pass: the ensembles, which combine the versions the first pass registered (each base trained once).
        software.amazon.awscdk.services.stepfunctions.Map trainSelectedEnsembles = trainingPass(scope, targets,
                settings, TRAIN_SELECTED_ENSEMBLES, TRAIN_ENSEMBLE, RECORD_ENSEMBLE_TRAINED, RECORD_ENSEMBLE_FAILED,
                "$.rotation.ensembles", "$.ensemble_results", false);
        trainSelectedEnsembles.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        LambdaInvoke registerEnsembles = registration(scope, targets, REGISTER_ENSEMBLES, "$.ensemble_results",
                "$.ensemble_registration");
        registerEnsembles.addCatch(failed, CatchProps.builder().resultPath("$.error").build());

        selectRotation.next(trainSelectedSpecs);
        trainSelectedSpecs.next(registerCandidates);
        registerCandidates.next(trainSelectedEnsembles);
        trainSelectedEnsembles.next(registerEnsembles);
        registerEnsembles.next(complete);

        return Choice.Builder.create(scope, CHECK_SKIP_PREDICTOR_TRAINING).build()
                .when(Condition.booleanEquals("$.options.skip_predictor_training", true), complete)
                .otherwise(selectRotation);
    }

    /**
     * One training pass: a Map over the specs at {@code itemsPath}, one training job per spec. One item:
     * {"execution_id", "spec": {"spec_id","label","kind"[,"nodes","node"]}} -> {"spec_id","status"[,"error"]}; a
     * spec's failure is recorded as data and never aborts its siblings. With {@code routeByNodes}, a spec trained by
     * several machines goes to a multi-node job (TrainSpecStates); otherwise every spec is one Spot job.
     */
    private static software.amazon.awscdk.services.stepfunctions.Map trainingPass(
            Construct scope, Targets targets, SaturdaySettings settings, String mapName, String taskName,
            String trainedName, String failedName, String itemsPath, String resultPath, boolean routeByNodes) {
        Pass recordTrained = Pass.Builder.create(scope, trainedName)
                .parameters(ordered("spec_id", JsonPath.stringAt("$.spec.spec_id"), "status", OK))
                .build();
        Pass recordFailed = Pass.Builder.create(scope, failedName)
                .parameters(ordered(
                        "spec_id", JsonPath.stringAt("$.spec.spec_id"),
                        "status", FAILED,
                        "error", JsonPath.format("{}: {}",
                                JsonPath.stringAt("$.error.Error"), JsonPath.stringAt("$.error.Cause"))))
                .build();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("execution_id", JsonPath.stringAt("$.execution_id"));
        item.put("spec", JsonPath.stringAt("$$.Map.Item.Value"));
        software.amazon.awscdk.services.stepfunctions.Map pass =
                software.amazon.awscdk.services.stepfunctions.Map.Builder.create(scope, mapName)
                        .itemsPath(itemsPath)
                        .itemSelector(item)
                        .maxConcurrency(settings.mapMaxConcurrency())
                        .resultPath(resultPath)
                        .build();
        pass.itemProcessor(routeByNodes
                ? TrainSpecStates.build(scope, targets, settings, taskName, recordTrained, recordFailed)
                : TrainSpecStates.spotJob(scope, targets, taskName, recordTrained, recordFailed));
        return pass;
    }

    /** RegisterCandidates for one pass's results: registers every trained spec, then names the failed ones. */
    private static LambdaInvoke registration(Construct scope, Targets targets, String stateName, String resultsPath,
                                             String resultPath) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("operation", "register_candidates");
        registration.put("execution_id", JsonPath.stringAt("$.execution_id"));
        registration.put("results", JsonPath.stringAt(resultsPath));
        return lambda(scope, stateName, targets, ZooFunction.REGISTRY, registration, resultPath);
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

    private static List<String> researchCommand(SaturdaySettings settings) {
        List<String> command = new ArrayList<>();
        for (String arg : settings.researchCommand()) {
            command.add(arg.equals(SaturdaySettings.EXECUTION_ID_PLACEHOLDER)
                    ? BatchJobStates.ref(EXECUTION_ID_PARAMETER) : arg);
        }
        return command;
    }

    static Map<String, Object> executionIdPayload() {
        return ordered("execution_id", JsonPath.stringAt(EXECUTION_ID_PATH));
    }

    private static Map<String, Object> branchOutcome(String statusField, String status) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put(statusField, status);
        outcome.put("error", ordered("Error", "none", "Cause", "none"));
        return outcome;
    }

    private static Map<String, Object> failedOutcome(String statusField) {
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

    /** Transient SNS errors, retried with exponential backoff and jitter (about a minute in all). */
    private static RetryProps snsRetry() {
        return RetryProps.builder()
                .errors(SNS_TRANSIENT_ERRORS)
                .interval(Duration.seconds(2))
                .maxAttempts(5)
                .backoffRate(2)
                .maxDelay(Duration.seconds(30))
                .jitterStrategy(JitterType.FULL)
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
