package io.saturdayzoo.infra.statemachine;

import static io.saturdayzoo.infra.statemachine.StateNames.*;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.SnsPublish;
import software.constructs.Construct;

/** The run's two notices to the alert topic: its failure (then the run fails) and its success. */
final class RunNotices {

    /** SNS errors worth retrying: throttling, SNS or its KMS key briefly unavailable, a dropped connection. */
    public static final List<String> SNS_TRANSIENT_ERRORS = List.of("SNS.ThrottledException",
            "SNS.InternalErrorException", "SNS.KMSThrottlingException", "SNS.SdkClientException");

    private RunNotices() {
    }

    /**
     * The one way out of a failed run: HandleFailure sends $.failure to the alert topic, then FailExecution ends the
     * run with it. Returns HandleFailure, the state every stage's failure goes to.
     */
    static SnsPublish failurePath(Construct scope, SaturdayDefinition.Targets targets) {
        SnsPublish handleFailure = SnsPublish.Builder.create(scope, HANDLE_FAILURE)
                .topic(targets.alertTopic())
                .subject("Saturday zoo: run failed")
                .message(TaskInput.fromText(JsonPath.format("Saturday run {} failed. {}: {}",
                        JsonPath.stringAt(SaturdayDefinition.EXECUTION_ID_PATH),
                        JsonPath.stringAt("$.failure.Error"),
                        JsonPath.stringAt("$.failure.Cause"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        Fail failExecution = Fail.Builder.create(scope, FAIL_EXECUTION)
                .errorPath("$.failure.Error")
                .causePath("$.failure.Cause")
                .build();
        handleFailure.addRetry(snsRetry());
        handleFailure.next(failExecution);
        // The run fails either way; an unreachable topic must not hide the original failure.
        handleFailure.addCatch(failExecution, CatchProps.builder().resultPath("$.notify_error").build());
        return handleFailure;
    }

    /** NotifySuccess: the run's outcome, both branch statuses and the quarantine notice. */
    static SnsPublish successNotice(Construct scope, SaturdayDefinition.Targets targets) {
        SnsPublish notifySuccess = SnsPublish.Builder.create(scope, NOTIFY_SUCCESS)
                .topic(targets.alertTopic())
                .subject("Saturday zoo: run succeeded")
                .message(TaskInput.fromText(JsonPath.format(
                        "Saturday run {} succeeded: research {}, predictor training {}. Quarantined: {}.",
                        JsonPath.stringAt(SaturdayDefinition.EXECUTION_ID_PATH),
                        JsonPath.stringAt("$.outcome." + ResearchBranch.STATUS),
                        JsonPath.stringAt("$.outcome." + PredictorTrainingBranch.STATUS),
                        JsonPath.stringAt("$.outcome." + SaturdayDefinition.QUARANTINE))))
                .resultPath(JsonPath.DISCARD)
                .build();
        notifySuccess.addRetry(snsRetry());
        return notifySuccess;
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
}
