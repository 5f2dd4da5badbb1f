package io.saturdayzoo.infra.statemachine;

import io.saturdayzoo.core.json.OperationField;
import io.saturdayzoo.core.registry.RegistryOperations;
import static io.saturdayzoo.infra.statemachine.StateNames.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.config.TrainingFanOut;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.INextable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.MapBase;
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
 * "error", "quarantine"}} and never throws. The passes fan out as the stack's {@link TrainingFanOut} says (inline or
 * Distributed Map, {@link TrainingMaps}); a rotation that selected more specs than the stack is set for fails the
 * branch before anything trains (CheckFanOut). Each registration loops over pages of results
 * ({@link RegistrationPagesLoop}).
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
        MapBase trainSelectedSpecs = trainingPass(targets, settings,
                TRAIN_SELECTED_SPECS, TRAIN_SPEC, RECORD_SPEC_TRAINED, RECORD_SPEC_FAILED, "$.rotation.selected",
                "$.training_results", true);
        // Also fails with error SpecsFailed when some spec failed: the others stay registered, the branch FAILED.
        RegistrationPagesLoop.Loop registerCandidates = registration(targets, START_CANDIDATE_PAGES,
                REGISTER_CANDIDATES, MORE_CANDIDATE_PAGES, "$.training_results", "$.registration");
        // Second pass: the ensembles, which combine the versions the first pass registered (each base trained once).
        MapBase trainSelectedEnsembles = trainingPass(targets, settings,
                TRAIN_SELECTED_ENSEMBLES, TRAIN_ENSEMBLE, RECORD_ENSEMBLE_TRAINED, RECORD_ENSEMBLE_FAILED,
                "$.rotation.ensembles", "$.ensemble_results", false);
        RegistrationPagesLoop.Loop registerEnsembles = registration(targets, START_ENSEMBLE_PAGES,
                REGISTER_ENSEMBLES, MORE_ENSEMBLE_PAGES, "$.ensemble_results", "$.ensemble_registration");
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

        TrainingFanOut fanOut = settings.trainingFanOut();
        // How many specs the rotation chose, both passes: an inline Map's history grows with it (TrainingFanOut).
        Pass countSelected = Pass.Builder.create(this, COUNT_SELECTED)
                .parameters(SaturdayDefinition.ordered(
                        "specs", JsonPath.mathAdd(
                                Token.asNumber(JsonPath.arrayLength(JsonPath.listAt("$.rotation.selected"))),
                                Token.asNumber(JsonPath.arrayLength(JsonPath.listAt("$.rotation.ensembles")))),
                        "max", fanOut.maxSpecs()))
                .resultPath("$.fan_out")
                .build();
        Pass tooManySpecs = Pass.Builder.create(this, TOO_MANY_SPECS)
                .parameters(SaturdayDefinition.ordered(
                        "Error", TOO_MANY_SPECS,
                        "Cause", JsonPath.format("the rotation selected {} specs (champions retrained, the budget "
                                        + "and ensembles), more than this stack's " + SaturdaySettings.MAX_SPECS_PER_SATURDAY
                                        + " {}: deploy with a larger " + SaturdaySettings.MAX_SPECS_PER_SATURDAY
                                        + " or run with a smaller budget; nothing was trained",
                                JsonPath.stringAt("$.fan_out.specs"), JsonPath.stringAt("$.fan_out.max"))))
                .resultPath("$.error")
                .build();
        tooManySpecs.next(failed);
        Choice checkFanOut = Choice.Builder.create(this, CHECK_FAN_OUT).build()
                .when(Condition.numberGreaterThanJsonPath("$.fan_out.specs", "$.fan_out.max"), tooManySpecs)
                .otherwise(trainSelectedSpecs);

        checkSkip
                .when(Condition.booleanEquals("$.options.skip_predictor_training", true), complete)
                .otherwise(selectRotation);
        selectRotation.next(countSelected);
        countSelected.next(checkFanOut);
        trainSelectedSpecs.next(registerCandidates.start());
        registerCandidates.then(trainSelectedEnsembles);
        trainSelectedEnsembles.next(registerEnsembles.start());
        registerEnsembles.then(complete);
        for (TaskStateBase step : List.<TaskStateBase>of(selectRotation, registerCandidates.register(),
                registerEnsembles.register())) {
            step.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        }
        for (MapBase pass : List.of(trainSelectedSpecs, trainSelectedEnsembles)) {
            TrainingMaps.addCatch(pass, failed, CatchProps.builder().resultPath("$.error").build());
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
    private MapBase trainingPass(
            SaturdayDefinition.Targets targets, SaturdaySettings settings, String mapName, String taskName,
            String trainedName, String failedName, String itemsPath, String resultPath, boolean routeByNodes) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("execution_id", JsonPath.stringAt("$.execution_id"));
        item.put("spec", JsonPath.stringAt("$$.Map.Item.Value"));
        Map<String, Object> trained = SaturdayDefinition.ordered("spec_id", JsonPath.stringAt("$.spec.spec_id"),
                "status", SaturdayDefinition.OK);
        if (routeByNodes) {
            // the ledger states fill these; seeded so a result can name them whichever way the item went
            item.put(TrainSpecStates.ALLOCATION_PATH.substring(2), Map.of());
            item.put(TrainSpecStates.SETTLEMENT_PATH.substring(2), Map.of());
            trained.put("allocation", JsonPath.objectAt(TrainSpecStates.ALLOCATION_PATH));
            trained.put("settlement", JsonPath.objectAt(TrainSpecStates.SETTLEMENT_PATH));
        }
        Pass recordTrained = Pass.Builder.create(this, trainedName)
                .parameters(trained)
                .build();
        Pass recordFailed = Pass.Builder.create(this, failedName)
                .parameters(SaturdayDefinition.ordered(
                        "spec_id", JsonPath.stringAt("$.spec.spec_id"),
                        "status", SaturdayDefinition.FAILED,
                        "error", JsonPath.format("{}: {}",
                                JsonPath.stringAt("$.error.Error"), JsonPath.stringAt("$.error.Cause"))))
                .build();
        return TrainingMaps.build(this, mapName, settings.trainingFanOut(), itemsPath, item,
                settings.mapMaxConcurrency(), resultPath, routeByNodes
                        ? TrainSpecStates.build(this, targets, settings, taskName, recordTrained, recordFailed)
                        : TrainSpecStates.spotJob(this, targets, taskName, recordTrained, recordFailed));
    }

    /**
     * RegisterCandidates for one pass's results, a page at a time: registers every trained spec, then (on the last
     * page) names the failed ones.
     */
    private RegistrationPagesLoop.Loop registration(SaturdayDefinition.Targets targets, String startName,
                                                    String stateName, String moreName, String resultsPath,
                                                    String resultPath) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put(OperationField.NAME, RegistryOperations.REGISTER_CANDIDATES);
        registration.put("execution_id", JsonPath.stringAt("$.execution_id"));
        registration.put("results", JsonPath.stringAt(resultsPath));
        return RegistrationPagesLoop.build(this, startName, moreName, page -> SaturdayDefinition.lambda(this,
                stateName, targets, ZooFunction.REGISTRY, page, resultPath), registration, resultPath);
    }
}
