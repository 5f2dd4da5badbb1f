package io.saturdayzoo.infra.statemachine;

import static io.saturdayzoo.infra.statemachine.StateNames.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.INextable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.State;
import software.amazon.awscdk.services.stepfunctions.StateMachineFragment;
import software.amazon.awscdk.services.stepfunctions.TaskStateBase;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Branch B of the Parallel: rotation, one training job per selected spec (on Spot, or a multi-node job for a spec
 * trained by several machines), registration of the candidates, then the same for the selected ensembles, which
 * load the versions the first pass registered. It reports its outcome as data in {@code {"branch_b_status",
 * "error", "quarantine"}} and never throws.
 */
final class PredictorTrainingBranch extends StateMachineFragment {

    static final String STATUS = "branch_b_status";
    private static final String QUARANTINE_NOTICE = "$.rotation." + SaturdayDefinition.QUARANTINE;

    private final State startState;
    private final List<INextable> endStates;

    PredictorTrainingBranch(Construct scope, String id, SaturdayDefinition.Targets targets,
                            SaturdaySettings settings) {
        super(scope, id);
        Choice checkSkip = Choice.Builder.create(this, CHECK_SKIP_PREDICTOR_TRAINING).build();
        LambdaInvoke selectRotation = SaturdayDefinition.lambda(this, SELECT_ROTATION, targets,
                ZooFunction.SELECT_ROTATION, SaturdayDefinition.rotationRequest("$"), "$.rotation");
        // First pass: every selected spec that fits on data; its registration is what the second pass loads.
        software.amazon.awscdk.services.stepfunctions.Map trainSelectedSpecs = trainingPass(targets, settings,
                TRAIN_SELECTED_SPECS, TRAIN_SPEC, RECORD_SPEC_TRAINED, RECORD_SPEC_FAILED, "$.rotation.selected",
                "$.training_results", true);
        // Also fails with error SpecsFailed when some spec failed: the others stay registered, the branch FAILED.
        LambdaInvoke registerCandidates = registration(targets, REGISTER_CANDIDATES, "$.training_results",
                "$.registration");
        // Second pass: the ensembles, which combine the versions the first pass registered (each base trained once).
        software.amazon.awscdk.services.stepfunctions.Map trainSelectedEnsembles = trainingPass(targets, settings,
                TRAIN_SELECTED_ENSEMBLES, TRAIN_ENSEMBLE, RECORD_ENSEMBLE_TRAINED, RECORD_ENSEMBLE_FAILED,
                "$.rotation.ensembles", "$.ensemble_results", false);
        LambdaInvoke registerEnsembles = registration(targets, REGISTER_ENSEMBLES, "$.ensemble_results",
                "$.ensemble_registration");
        Map<String, Object> completeOutcome = SaturdayDefinition.branchOutcome(STATUS, SaturdayDefinition.OK);
        completeOutcome.put(SaturdayDefinition.QUARANTINE, JsonPath.stringAt(QUARANTINE_NOTICE));
        Pass complete = Pass.Builder.create(this, BRANCH_B_COMPLETE)
                .parameters(completeOutcome)
                .build();
        Map<String, Object> failedOutcome = SaturdayDefinition.failedOutcome(STATUS);
        failedOutcome.put(SaturdayDefinition.QUARANTINE, JsonPath.stringAt(QUARANTINE_NOTICE));
        Pass failed = Pass.Builder.create(this, BRANCH_B_FAILED)
                .parameters(failedOutcome)
                .build();

        checkSkip
                .when(Condition.booleanEquals("$.options.skip_predictor_training", true), complete)
                .otherwise(selectRotation);
        selectRotation.next(trainSelectedSpecs);
        trainSelectedSpecs.next(registerCandidates);
        registerCandidates.next(trainSelectedEnsembles);
        trainSelectedEnsembles.next(registerEnsembles);
        registerEnsembles.next(complete);
        for (TaskStateBase step : List.<TaskStateBase>of(selectRotation, registerCandidates, registerEnsembles)) {
            step.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        }
        for (software.amazon.awscdk.services.stepfunctions.Map pass : List.of(trainSelectedSpecs,
                trainSelectedEnsembles)) {
            pass.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        }

        startState = checkSkip;
        endStates = List.of(complete, failed);
    }

    @Override
    public State getStartState() {
        return startState;
    }

    @Override
    public List<INextable> getEndStates() {
        return endStates;
    }

    /**
     * One training pass: a Map over the specs at {@code itemsPath}, one training job per spec. One item:
     * {"execution_id", "spec": {"spec_id","label","kind"[,"nodes","node"]}} -> {"spec_id","status"[,"error"]}; a
     * spec's failure is recorded as data and never aborts its siblings. With {@code routeByNodes}, a spec trained by
     * several machines goes to a multi-node job (TrainSpecStates); otherwise every spec is one Spot job.
     */
    private software.amazon.awscdk.services.stepfunctions.Map trainingPass(
            SaturdayDefinition.Targets targets, SaturdaySettings settings, String mapName, String taskName,
            String trainedName, String failedName, String itemsPath, String resultPath, boolean routeByNodes) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("execution_id", JsonPath.stringAt("$.execution_id"));
        item.put("spec", JsonPath.stringAt("$$.Map.Item.Value"));
        software.amazon.awscdk.services.stepfunctions.Map pass =
                software.amazon.awscdk.services.stepfunctions.Map.Builder.create(this, mapName)
                        .itemsPath(itemsPath)
                        .itemSelector(item)
                        .maxConcurrency(settings.mapMaxConcurrency())
                        .resultPath(resultPath)
                        .build();
        Pass recordTrained = Pass.Builder.create(this, trainedName)
                .parameters(SaturdayDefinition.ordered("spec_id", JsonPath.stringAt("$.spec.spec_id"),
                        "status", SaturdayDefinition.OK))
                .build();
        Pass recordFailed = Pass.Builder.create(this, failedName)
                .parameters(SaturdayDefinition.ordered(
                        "spec_id", JsonPath.stringAt("$.spec.spec_id"),
                        "status", SaturdayDefinition.FAILED,
                        "error", JsonPath.format("{}: {}",
                                JsonPath.stringAt("$.error.Error"), JsonPath.stringAt("$.error.Cause"))))
                .build();
        pass.itemProcessor(routeByNodes
                ? TrainSpecStates.build(this, targets, settings, taskName, recordTrained, recordFailed)
                : TrainSpecStates.spotJob(this, targets, taskName, recordTrained, recordFailed));
        return pass;
    }

    /** RegisterCandidates for one pass's results: registers every trained spec, then names the failed ones. */
    private LambdaInvoke registration(SaturdayDefinition.Targets targets, String stateName, String resultsPath,
                                      String resultPath) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("operation", "register_candidates");
        registration.put("execution_id", JsonPath.stringAt("$.execution_id"));
        registration.put("results", JsonPath.stringAt(resultsPath));
        return SaturdayDefinition.lambda(this, stateName, targets, ZooFunction.REGISTRY, registration, resultPath);
    }
}
