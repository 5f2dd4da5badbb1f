package io.saturdayzoo.infra.spot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.definition.LocalNames;
import io.saturdayzoo.infra.registry.ZooRegistry;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.batch.Action;
import software.amazon.awscdk.services.batch.AllocationStrategy;
import software.amazon.awscdk.services.batch.EcsEc2ContainerDefinition;
import software.amazon.awscdk.services.batch.EcsJobDefinition;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.batch.Reason;
import software.amazon.awscdk.services.batch.RetryStrategy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The Spot training engine: an AWS Batch managed EC2 compute environment on Spot capacity, its job queue, and one
 * container job definition built from the trainer image (spot-training/). Training and research jobs both run
 * here; the state machine picks the trainer subcommand through the container command.
 *
 * <p>Spot reclaims surface as a status reason starting with "Host EC2"; only those are retried (the trainer
 * checkpoints, so a retry resumes). Any other failure exits at once so a real bug is not paid for three times.
 */
public final class SpotEngine extends Construct {

    public static final String LOCAL_QUEUE_NAME = "SpotTraining";
    public static final String LOCAL_JOB_DEFINITION_NAME = "Trainer";
    public static final int RETRY_ATTEMPTS = 3;
    /** Build outputs the Dockerfile does not copy stay out of the image build context (the fat jar stays in). */
    public static final List<String> IMAGE_CONTEXT_EXCLUDES =
            List.of("target/*", "!target/saturday-trainer.jar", ".saturday", "node_modules", "*.iml", "src/test");

    private final JobQueue jobQueue;
    private final EcsJobDefinition jobDefinition;
    private final Role jobRole;

    public SpotEngine(Construct scope, String id, Path trainerImageDir, ZooRegistry registry,
                      SaturdaySettings settings, String codeCommit) {
        super(scope, id);

        // Public subnets only: Spot hosts pull the image and reach S3/DynamoDB without paying for NAT gateways.
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(3)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("spot").subnetType(SubnetType.PUBLIC).cidrMask(20).build()))
                .flowLogs(Map.of("All", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(LogGroup.Builder.create(this, "FlowLogs")
                                .retention(RetentionDays.ONE_MONTH)
                                .removalPolicy(RemovalPolicy.DESTROY)
                                .build()))
                        .build()))
                .build();

        ManagedEc2EcsComputeEnvironment compute = ManagedEc2EcsComputeEnvironment.Builder.create(this, "Compute")
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .spot(true)
                .allocationStrategy(AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED)
                .instanceTypes(settings.spotInstanceTypes().stream().map(InstanceType::new).toList())
                .useOptimalInstanceClasses(false)
                .minvCpus(0)
                .maxvCpus(settings.maxVcpus())
                .build();

        jobQueue = JobQueue.Builder.create(this, "Queue")
                .computeEnvironments(List.of(OrderedComputeEnvironment.builder()
                        .computeEnvironment(compute).order(1).build()))
                .build();
        LocalNames.tag(jobQueue, LocalNames.batchJobQueue(LOCAL_QUEUE_NAME));

        DockerImageAsset image = DockerImageAsset.Builder.create(this, "TrainerImage")
                .directory(trainerImageDir.toString())
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(IMAGE_CONTEXT_EXCLUDES)
                .build();

        jobRole = Role.Builder.create(this, "JobRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Saturday trainer and research jobs: the zoo table and bucket prefixes they own")
                .build();
        grantTrainerAccess(jobRole, registry, settings);

        LogGroup jobLogs = LogGroup.Builder.create(this, "JobLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        jobDefinition = EcsJobDefinition.Builder.create(this, "TrainerJob")
                .container(EcsEc2ContainerDefinition.Builder.create(this, "TrainerContainer")
                        .image(ContainerImage.fromDockerImageAsset(image))
                        .cpu(2)
                        .memory(Size.gibibytes(7))
                        .jobRole(jobRole)
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(jobLogs).streamPrefix("trainer").build()))
                        .environment(jobEnvironment(registry, settings, image, codeCommit))
                        .build())
                .retryAttempts(RETRY_ATTEMPTS)
                .retryStrategies(List.of(
                        RetryStrategy.of(Action.RETRY, Reason.SPOT_INSTANCE_RECLAIMED),
                        RetryStrategy.of(Action.EXIT, Reason.custom(
                                software.amazon.awscdk.services.batch.CustomReason.builder()
                                        .onStatusReason("*").build()))))
                .timeout(Duration.hours(6))
                .build();
        LocalNames.tag(jobDefinition, LocalNames.batchJobDefinition(LOCAL_JOB_DEFINITION_NAME));

        NagSuppressions.addResourceSuppressions(this, List.of(
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("The Batch ECS instance role uses AmazonEC2ContainerServiceforEC2Role, the AWS-kept "
                                + "policy the ECS agent on Batch hosts requires.")
                        .build(),
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("Job and execution roles: S3 object actions are scoped to the key prefixes the "
                                + "trainer owns; ECR authorization and log stream creation require '*' or stream "
                                + "wildcards.")
                        .build()), true);
    }

    public JobQueue jobQueue() {
        return jobQueue;
    }

    public EcsJobDefinition jobDefinition() {
        return jobDefinition;
    }

    /** The role training and research jobs run as. */
    public Role jobRole() {
        return jobRole;
    }

    /** Sorted, so identical synths produce identical job definitions. */
    private static Map<String, String> jobEnvironment(ZooRegistry registry, SaturdaySettings settings,
                                                      DockerImageAsset image, String codeCommit) {
        Map<String, String> environment = new TreeMap<>();
        environment.put("ZOO_CODE_COMMIT", codeCommit);
        // Lineage of every registered version: the hash of the image's build context (also its tag in ECR).
        environment.put("ZOO_IMAGE_DIGEST", "sha256:" + image.getAssetHash());
        environment.put("ZOO_TABLE", registry.table().getTableName());
        environment.put("ZOO_BUCKET", registry.bucket().getBucketName());
        // The trainer registers its own candidate, so it announces it too (RegisterCandidates is then a no-op).
        environment.put("ZOO_EVENT_BUS", registry.eventBus().getEventBusName());
        environment.put("ZOO_DATA_PREFIX", settings.dataPrefix());
        environment.put("ZOO_DATA_MAX_AGE_HOURS", Integer.toString(settings.dataMaxAgeHours()));
        return environment;
    }

    private static void grantTrainerAccess(Role role, ZooRegistry registry, SaturdaySettings settings) {
        String bucket = registry.bucket().getBucketArn();
        String table = registry.table().getTableArn();
        allow(role, List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                        "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem",
                        "dynamodb:TransactWriteItems"),
                List.of(table, table + "/index/*"));
        allow(role, List.of("s3:GetBucketLocation", "s3:ListBucket"), List.of(bucket));
        List<String> readable = new java.util.ArrayList<>(List.of(bucket + "/runs/*", bucket + "/models/*",
                bucket + "/checkpoints/*", bucket + "/research/*"));
        if (!settings.dataPrefix().startsWith("s3://")) {
            readable.add(bucket + "/" + settings.dataPrefix() + "*"); // datasets kept inside the zoo bucket
        }
        allow(role, List.of("s3:GetObject"), readable);
        // runs/ and checkpoints/ are the trainer's own; models/ and archive/ when it registers the version itself;
        // research/ for the research report.
        allow(role, List.of("s3:PutObject"), List.of(bucket + "/runs/*", bucket + "/checkpoints/*",
                bucket + "/models/*", bucket + "/archive/*", bucket + "/research/*"));
        allow(role, List.of("s3:DeleteObject"), List.of(bucket + "/checkpoints/*"));
        allow(role, List.of("events:PutEvents"), List.of(registry.eventBus().getEventBusArn()));
    }

    private static void allow(Role role, List<String> actions, List<String> resources) {
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW).actions(actions).resources(resources).build());
    }
}
