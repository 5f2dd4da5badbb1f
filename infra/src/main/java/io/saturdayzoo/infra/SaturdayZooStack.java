package io.saturdayzoo.infra;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.saturdayzoo.infra.alerts.Alerts;
import io.saturdayzoo.infra.config.AssetPaths;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.data.ZooDatasets;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import io.saturdayzoo.infra.lambdas.ZooLambdas;
import io.saturdayzoo.infra.registry.ZooRegistry;
import io.saturdayzoo.infra.schedules.SaturdaySchedules;
import io.saturdayzoo.infra.spot.MultiNodeEngine;
import io.saturdayzoo.infra.spot.SpotEngine;
import io.saturdayzoo.infra.statemachine.SaturdayDefinition;
import io.saturdayzoo.infra.statemachine.SaturdayStateMachine;
import io.saturdayzoo.infra.statemachine.TrainModelVersionDefinition;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The whole Saturday pipeline in one environment-agnostic stack (synthesizes with no AWS credentials): registry
 * storage, the handlers, the Spot engine, the state machine, its schedules and its alerts.
 */
public final class SaturdayZooStack extends Stack {
    /** The stack outputs the saturday CLI's registry commands read (DescribeStacks) to reach the deployed registry. */
    public static final String OUTPUT_TABLE = "ZooTable";
    public static final String OUTPUT_BUCKET = "ZooBucket";
    public static final String OUTPUT_EVENT_BUS = "ZooEventBus";
    public static final String OUTPUT_TRAIN_MODEL_VERSION = "TrainModelVersionArn";


    public static final String STACK_ID = "SaturdayZooStack";

    private final SaturdayStateMachine stateMachine;
    private final SaturdayStateMachine trainModelVersion;
    private final ZooLambdas lambdas;
    private final SaturdaySchedules schedules;

    public SaturdayZooStack(Construct scope, String id, SaturdaySettings settings, AssetPaths assets,
                            ZooDatasets datasets, String codeCommit) {
        super(scope, id, StackProps.builder()
                .description("saturday-zoo: the weekly Saturday training pipeline")
                .build());

        ZooRegistry registry = new ZooRegistry(this, "Registry", settings.bucketLifecycle());
        lambdas = new ZooLambdas(this, "Lambdas", assets.lambdaJar(), registry, settings);
        SpotEngine spot = new SpotEngine(this, "Spot", assets.trainerImageDir(), registry, settings, codeCommit);
        Alerts alerts = new Alerts(this, "Alerts", settings.alertEmail());
        // Trainer jobs train on the catalog's datasets, research measures drift on them, Preflight checks their
        // freshness, PlanTraining sizes the one a request trains on, TrainingLedger the one a Saturday spec
        // reserves for. All only read them.
        datasets.grantRead(this, spot.trainerRole(), spot.researchRole(), lambdas.role(ZooFunction.PREFLIGHT),
                lambdas.role(ZooFunction.PLAN_TRAINING), lambdas.role(ZooFunction.TRAINING_LEDGER));

        Map<ZooFunction, IFunction> functions = new EnumMap<>(ZooFunction.class);
        for (ZooFunction function : ZooFunction.values()) {
            functions.put(function, lambdas.function(function));
        }
        stateMachine = new SaturdayStateMachine(this, "StateMachine", new SaturdayDefinition.Targets(functions,
                spot.jobQueue().getJobQueueArn(), spot.trainerJob().getJobDefinitionArn(),
                spot.researchJob().getJobDefinitionArn(), spot.multiNode().jobQueue().getJobQueueArn(),
                spot.multiNode().jobDefinition().getJobDefinitionArn(), MultiNodeEngine.ALL_NODES, alerts.topic(),
                lambdas.errorNames(SaturdayDefinition.INVALID_INPUT_ERROR)),
                settings);
        spot.grantRunJobs(stateMachine.stateMachine());
        alerts.grantEncrypt(stateMachine.stateMachine());
        alerts.alarmOnFailedExecutions(stateMachine.stateMachine());
        schedules = new SaturdaySchedules(this, "Schedules", stateMachine.stateMachine(), settings);

        trainModelVersion = new SaturdayStateMachine(this, "TrainModelVersion", TrainModelVersionDefinition.NAME,
                "TrainModelVersion: one training on demand from a chosen parent, its cost reserved before launch",
                states -> TrainModelVersionDefinition.build(states, new TrainModelVersionDefinition.Targets(
                        functions, spot.jobQueue().getJobQueueArn(), spot.trainerJob().getJobDefinitionArn())),
                Duration.hours(lambdas.onDemand().maxWallTimeMinutes() / 60 + 2));
        spot.grantRunTrainerJobs(trainModelVersion.stateMachine());
        // The ledger closes even when no execution is left to close it: Batch's own word on the job's end.
        Rule.Builder.create(this, "BatchJobEnded")
                .description("A Spot job of this stack SUCCEEDED or FAILED: settle or release its ledger allocation")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.batch"))
                        .detailType(List.of("Batch Job State Change"))
                        .detail(Map.of("status", List.of("SUCCEEDED", "FAILED"),
                                "jobQueue", List.of(spot.jobQueue().getJobQueueArn())))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(lambdas.function(ZooFunction.BATCH_JOB_EVENTS))
                        .retryAttempts(8).build()))
                .build();

        NagSuppressions.addResourceSuppressions(trainModelVersion, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("batch:submitJob.sync needs DescribeJobs (no resource-level permission) and TerminateJob on "
                        + "jobs unknown before submission; X-Ray and CloudWatch Logs delivery accept only '*'.")
                .build()), true);
        NagSuppressions.addResourceSuppressions(stateMachine, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("batch:submitJob.sync needs DescribeJobs (no resource-level permission) and TerminateJob on "
                        + "jobs unknown before submission; X-Ray and CloudWatch Logs delivery accept only '*'.")
                .build()), true);

        CfnOutput.Builder.create(this, "StateMachineArn").value(stateMachine.stateMachine().getStateMachineArn())
                .description("Start a run: aws stepfunctions start-execution --state-machine-arn <this>").build();
        CfnOutput.Builder.create(this, OUTPUT_TRAIN_MODEL_VERSION)
                .value(trainModelVersion.stateMachine().getStateMachineArn())
                .description("Train on demand: aws stepfunctions start-execution --state-machine-arn <this> --input "
                        + "'{\"spec_id\": \"churn-gbdt\", \"caller\": \"ana\"}'").build();
        CfnOutput.Builder.create(this, OUTPUT_TABLE).value(registry.table().getTableName()).build();
        CfnOutput.Builder.create(this, OUTPUT_BUCKET).value(registry.bucket().getBucketName()).build();
        CfnOutput.Builder.create(this, OUTPUT_EVENT_BUS).value(registry.eventBus().getEventBusName()).build();
    }

    public SaturdayStateMachine stateMachine() {
        return stateMachine;
    }

    public SaturdayStateMachine trainModelVersion() {
        return trainModelVersion;
    }

    public ZooLambdas lambdas() {
        return lambdas;
    }

    public SaturdaySchedules schedules() {
        return schedules;
    }
}
