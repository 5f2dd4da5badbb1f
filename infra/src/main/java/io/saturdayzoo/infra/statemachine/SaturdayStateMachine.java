package io.saturdayzoo.infra.statemachine;

import java.util.Map;
import java.util.function.Function;

import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.definition.LocalNames;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PrincipalWithConditions;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The Saturday state machine: the definition of {@link SaturdayDefinition}, fully logged (execution data included,
 * so the log group is encrypted with its own KMS key) and traced.
 */
public final class SaturdayStateMachine extends Construct {

    private final StateMachine stateMachine;

    public SaturdayStateMachine(Construct scope, String id, SaturdayDefinition.Targets targets,
                                SaturdaySettings settings) {
        this(scope, id, "Saturday", "Saturday: preflight, then research and predictor training side by side, then "
                + "the eval gate", states -> SaturdayDefinition.build(states, targets, settings), Duration.hours(23));
        // printed by `cdk synth` and `cdk deploy`: a setting the state cannot carry fails only on a big Saturday
        settings.trainingFanOut().stateDataWarning().ifPresent(warning ->
                Annotations.of(this).addWarningV2("saturday-zoo:state-data-limit", warning));
    }

    /**
     * A state machine of the stack logged and traced like Saturday: {@code name} names its log group,
     * {@code definition} builds its states in the scope it is given and returns the first.
     */
    public SaturdayStateMachine(Construct scope, String id, String name, String comment,
                                Function<Construct, IChainable> definition, Duration timeout) {
        super(scope, id);
        // Named, so the key policy can name the log group's ARN without a reference cycle (the group needs the key).
        String logGroupName = "/aws/vendedlogs/states/" + Stack.of(this).getStackName() + "-" + name;
        Key logsKey = Key.Builder.create(this, "LogsKey")
                .description("Encrypts the " + name + " state machine's execution logs")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // CloudWatch Logs may use the key for this log group only (the encryption context names the group).
        logsKey.grant(new PrincipalWithConditions(
                        new ServicePrincipal("logs." + Stack.of(this).getRegion() + ".amazonaws.com"),
                        Map.of("ArnEquals", Map.of("kms:EncryptionContext:aws:logs:arn", logGroupArn(logGroupName)))),
                "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*");
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName(logGroupName)
                .encryptionKey(logsKey)
                .retention(RetentionDays.SIX_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // States live in their own scope so their construct ids are exactly the state names.
        Construct states = new Construct(this, "States");
        stateMachine = StateMachine.Builder.create(this, "Resource")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromChainable(definition.apply(states)))
                .comment(comment)
                .timeout(timeout)
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(logs)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .build();
        LocalNames.tag(stateMachine, LocalNames.stateMachine(name));
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    private String logGroupArn(String logGroupName) {
        return Stack.of(this).formatArn(ArnComponents.builder().service("logs").resource("log-group")
                .resourceName(logGroupName).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }
}
