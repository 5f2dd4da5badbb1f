package io.saturdayzoo.infra.statemachine;

import static io.saturdayzoo.infra.statemachine.StateNames.DRY_RUN_OPTIONS;
import static io.saturdayzoo.infra.statemachine.StateNames.DRY_RUN_ROTATION;
import static io.saturdayzoo.infra.statemachine.StateNames.DRY_RUN_TRAINER_PREFLIGHT;
import static io.saturdayzoo.infra.statemachine.StateNames.EXTRACT_DRY_RUN_ERROR;
import static io.saturdayzoo.infra.statemachine.StateNames.PREFLIGHT_PASSED;

import java.util.List;

import io.saturdayzoo.infra.lambdas.ZooFunction;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The Friday dry run ({@code preflight_only}) after the Preflight Lambda: which specs would the rotation pick
 * (SelectRotation only reads), then one Spot job boots the trainer image Saturday will run on exactly those specs in
 * preflight mode (kind, params, native library, data readable and fresh; it writes nothing). A failed trainer
 * preflight reaches HandleFailure as {@link #TRAINER_PREFLIGHT_FAILED_ERROR} naming the specs checked; the job's log
 * has one line per failed spec.
 */
final class FridayDryRun {

    public static final String BATCH_JOB_NAME = "saturday-preflight";
    /** The Batch job parameter holding the rotation's choice, comma-joined (Step Functions cannot join a list). */
    public static final String SPEC_IDS_PARAMETER = "spec_ids";
    public static final String TRAINER_PREFLIGHT_FAILED_ERROR = "TrainerPreflightFailed";

    private FridayDryRun() {
    }

    /** The dry run's states, first one returned; a failed rotation goes to {@code extractPreflightError}. */
    static IChainable build(Construct scope, SaturdayDefinition.Targets targets, Pass extractPreflightError,
                            IChainable handleFailure) {
        Pass options = Pass.Builder.create(scope, DRY_RUN_OPTIONS)
                .parameters(SaturdayDefinition.ordered(
                        "execution_id", JsonPath.stringAt(SaturdayDefinition.EXECUTION_ID_PATH),
                        "options", SaturdayDefinition.mergedOptions()))
                .resultPath("$.dry_run")
                .build();
        LambdaInvoke rotation = SaturdayDefinition.lambda(scope, DRY_RUN_ROTATION, targets,
                ZooFunction.SELECT_ROTATION, SaturdayDefinition.rotationRequest("$.dry_run"), "$.dry_run.rotation");
        rotation.addCatch(extractPreflightError, CatchProps.builder().resultPath("$.preflight_error").build());

        String executionId = SaturdayDefinition.EXECUTION_ID_PARAMETER;
        CustomState trainerPreflight = BatchJobStates.submitAndWait(scope, DRY_RUN_TRAINER_PREFLIGHT, BATCH_JOB_NAME,
                targets.jobQueueArn(), targets.trainerJobDefinitionArn(),
                List.of("preflight", "--spec-ids", BatchJobStates.ref(SPEC_IDS_PARAMETER),
                        "--execution-id", BatchJobStates.ref(executionId)),
                SaturdayDefinition.ordered(SPEC_IDS_PARAMETER, "$.dry_run.rotation.spec_ids_joined",
                        executionId, "$.dry_run.execution_id"),
                "$.dry_run.job");
        Pass extractDryRunError = Pass.Builder.create(scope, EXTRACT_DRY_RUN_ERROR)
                .parameters(SaturdayDefinition.ordered(
                        "Error", TRAINER_PREFLIGHT_FAILED_ERROR,
                        "Cause", JsonPath.format("trainer preflight failed for specs {}; each failed spec is one "
                                        + "line of the job's log. {}: {}",
                                JsonPath.stringAt("$.dry_run.rotation.spec_ids_joined"),
                                JsonPath.stringAt("$.dry_run_error.Error"),
                                JsonPath.stringAt("$.dry_run_error.Cause"))))
                .resultPath("$.failure")
                .build();
        extractDryRunError.next(handleFailure);
        trainerPreflight.addCatch(extractDryRunError, CatchProps.builder().resultPath("$.dry_run_error").build());

        options.next(rotation);
        rotation.next(trainerPreflight);
        trainerPreflight.next(Succeed.Builder.create(scope, PREFLIGHT_PASSED).build());
        return options;
    }
}
