package io.saturdayzoo.infra.statemachine;

import static io.saturdayzoo.infra.statemachine.StateNames.*;

import java.util.ArrayList;
import java.util.List;

import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.INextable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.State;
import software.amazon.awscdk.services.stepfunctions.StateMachineFragment;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Branch A of the Parallel: the research job, then its summary. It reports its outcome as data in
 * {@code {"branch_a_status", "error"}} and never throws; a failed summary still completes the branch (fail-soft).
 */
final class ResearchBranch extends StateMachineFragment {

    static final String STATUS = "branch_a_status";

    private final State startState;
    private final List<INextable> endStates;

    ResearchBranch(Construct scope, String id, SaturdayDefinition.Targets targets, SaturdaySettings settings) {
        super(scope, id);
        Choice checkSkipResearch = Choice.Builder.create(this, CHECK_SKIP_RESEARCH).build();
        CustomState research = BatchJobStates.submitAndWait(this, RESEARCH, SaturdayDefinition.BATCH_JOB_NAME_RESEARCH,
                targets.jobQueueArn(), targets.researchJobDefinitionArn(), researchCommand(settings),
                SaturdayDefinition.ordered(SaturdayDefinition.EXECUTION_ID_PARAMETER, "$.execution_id"),
                "$.research");
        LambdaInvoke summarize = SaturdayDefinition.lambda(this, SUMMARIZE_RESEARCH, targets,
                ZooFunction.SUMMARIZE_RESEARCH, SaturdayDefinition.ordered("execution_id",
                        JsonPath.stringAt("$.execution_id")), "$.research_summary");
        Pass complete = Pass.Builder.create(this, BRANCH_A_COMPLETE)
                .parameters(SaturdayDefinition.branchOutcome(STATUS, SaturdayDefinition.OK))
                .build();
        Pass failed = Pass.Builder.create(this, BRANCH_A_FAILED)
                .parameters(SaturdayDefinition.failedOutcome(STATUS))
                .build();

        checkSkipResearch
                .when(Condition.booleanEquals("$.options.skip_research", true), complete)
                .otherwise(research);
        research.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        research.next(summarize);
        summarize.addCatch(complete, CatchProps.builder().resultPath("$.summary_error").build());
        summarize.next(complete);

        startState = checkSkipResearch;
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

    /** The settings' research command, its execution id placeholder replaced by the job's parameter. */
    private static List<String> researchCommand(SaturdaySettings settings) {
        List<String> command = new ArrayList<>();
        for (String arg : settings.researchCommand()) {
            command.add(arg.equals(SaturdaySettings.EXECUTION_ID_PLACEHOLDER)
                    ? BatchJobStates.ref(SaturdayDefinition.EXECUTION_ID_PARAMETER) : arg);
        }
        return command;
    }
}
