package io.saturdayzoo.infra.lambdas;

/**
 * The Lambda functions of the stack: six serve the Saturday state machine, two TrainModelVersion, and
 * BatchJobEvents consumes Batch's job state changes. Each is named after its handler class ({@code <name>Handler})
 * and after the Task state it serves, so one word leads from the picture to the code.
 */
public enum ZooFunction {
    VALIDATE_INPUT("ValidateInput"),
    PREFLIGHT("Preflight"),
    SUMMARIZE_RESEARCH("SummarizeResearch"),
    SELECT_ROTATION("SelectRotation"),
    REGISTRY("Registry"),
    EVAL_GATE("EvalGate"),
    PLAN_TRAINING("PlanTraining"),
    TRAINING_LEDGER("TrainingLedger"),
    BATCH_JOB_EVENTS("BatchJobEvents");

    private final String functionName;

    ZooFunction(String functionName) {
        this.functionName = functionName;
    }

    /** Construct id and readable name, e.g. {@code SelectRotation}. */
    public String functionName() {
        return functionName;
    }

    public String handlerClassSimpleName() {
        return functionName + "Handler";
    }
}
