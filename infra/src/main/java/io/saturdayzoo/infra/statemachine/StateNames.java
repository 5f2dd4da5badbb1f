package io.saturdayzoo.infra.statemachine;

/** The state names of the Saturday definition: the words of the README's picture (docs/ARCHITECTURE.md), shared with tests and tools. */
public final class StateNames {

    public static final String VALIDATE_INPUT = "ValidateInput";
    public static final String INPUT_REJECTED = "InputRejected";
    public static final String PREFLIGHT = "Preflight";
    public static final String CHECK_PREFLIGHT_ONLY = "CheckPreflightOnly";
    public static final String DRY_RUN_OPTIONS = "DryRunOptions";
    public static final String DRY_RUN_ROTATION = "DryRunRotation";
    public static final String DRY_RUN_TRAINER_PREFLIGHT = "DryRunTrainerPreflight";
    public static final String PREFLIGHT_PASSED = "PreflightPassed";
    public static final String EXTRACT_PREFLIGHT_ERROR = "ExtractPreflightError";
    public static final String EXTRACT_DRY_RUN_ERROR = "ExtractDryRunError";
    public static final String RESEARCH_PREDICTOR_PARALLEL = "ResearchPredictorParallel";

    public static final String CHECK_SKIP_RESEARCH = "CheckSkipResearch";
    public static final String RESEARCH = "Research";
    public static final String SUMMARIZE_RESEARCH = "SummarizeResearch";
    public static final String BRANCH_A_COMPLETE = "BranchAComplete";
    public static final String BRANCH_A_FAILED = "BranchAFailed";

    public static final String CHECK_SKIP_PREDICTOR_TRAINING = "CheckSkipPredictorTraining";
    public static final String SELECT_ROTATION = "SelectRotation";
    public static final String COUNT_SELECTED = "CountSelected";
    public static final String CHECK_FAN_OUT = "CheckFanOut";
    public static final String TOO_MANY_SPECS = "TooManySpecs";
    public static final String TRAIN_SELECTED_SPECS = "TrainSelectedSpecs";
    public static final String RESERVE_TRAINING = "ReserveTraining";
    public static final String SETTLE_TRAINING = "SettleTraining";
    public static final String RELEASE_TRAINING = "ReleaseTraining";
    public static final String ROUTE_BY_NODES = "RouteByNodes";
    public static final String TRAIN_SPEC = "TrainSpec";
    public static final String NODE_DEFAULTS = "NodeDefaults";
    public static final String SIZE_NODES = "SizeNodes";
    public static final String TRAIN_SPEC_ON_NODES = "TrainSpecOnNodes";
    public static final String RECORD_SPEC_TRAINED = "RecordSpecTrained";
    public static final String RECORD_SPEC_FAILED = "RecordSpecFailed";
    public static final String START_CANDIDATE_PAGES = "StartCandidatePages";
    public static final String REGISTER_CANDIDATES = "RegisterCandidates";
    public static final String MORE_CANDIDATE_PAGES = "MoreCandidatePages";
    public static final String TRAIN_SELECTED_ENSEMBLES = "TrainSelectedEnsembles";
    public static final String TRAIN_ENSEMBLE = "TrainEnsemble";
    public static final String RECORD_ENSEMBLE_TRAINED = "RecordEnsembleTrained";
    public static final String RECORD_ENSEMBLE_FAILED = "RecordEnsembleFailed";
    public static final String START_ENSEMBLE_PAGES = "StartEnsemblePages";
    public static final String REGISTER_ENSEMBLES = "RegisterEnsembles";
    public static final String MORE_ENSEMBLE_PAGES = "MoreEnsemblePages";
    public static final String BRANCH_B_COMPLETE = "BranchBComplete";
    public static final String BRANCH_B_FAILED = "BranchBFailed";

    public static final String AGGREGATE_BRANCH_OUTCOMES = "AggregateBranchOutcomes";
    public static final String CHECK_BRANCH_OUTCOMES = "CheckBranchOutcomes";
    public static final String EXTRACT_PARALLEL_BRANCH_ERROR = "ExtractParallelBranchError";
    public static final String HANDLE_FAILURE = "HandleFailure";
    public static final String FAIL_EXECUTION = "FailExecution";
    public static final String CHECK_SKIP_EVAL_GATE = "CheckSkipEvalGate";
    public static final String BACKTEST = "Backtest";
    public static final String EVAL_GATE = "EvalGate";
    public static final String NOTIFY_SUCCESS = "NotifySuccess";
    public static final String DONE = "Done";
    public static final String DONE_WITHOUT_NOTICE = "DoneWithoutNotice";

    private StateNames() {
    }
}
