package io.saturdayzoo.infra.statemachine;

import io.saturdayzoo.infra.config.SaturdaySettings;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/** The Saturday state machine: the definition of {@link SaturdayDefinition}, fully logged and traced. */
public final class SaturdayStateMachine extends Construct {

    private final StateMachine stateMachine;

    public SaturdayStateMachine(Construct scope, String id, SaturdayDefinition.Targets targets,
                                SaturdaySettings settings) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.SIX_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // States live in their own scope so their construct ids are exactly the state names.
        Construct states = new Construct(this, "States");
        stateMachine = StateMachine.Builder.create(this, "Resource")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromChainable(SaturdayDefinition.build(states, targets, settings)))
                .comment("Saturday: preflight, then research and predictor training side by side, then the eval gate")
                .timeout(Duration.hours(23))
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(logs)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .build();
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }
}
