package io.saturdayzoo.infra.spot;

import io.saturdayzoo.core.aws.ZooEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.definition.LocalNames;
import io.saturdayzoo.infra.registry.ZooRegistry;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.batch.Action;
import software.amazon.awscdk.services.batch.AllocationStrategy;
import software.amazon.awscdk.services.batch.CustomReason;
import software.amazon.awscdk.services.batch.EcsEc2ContainerDefinition;
import software.amazon.awscdk.services.batch.EcsJobDefinition;
import software.amazon.awscdk.services.batch.EcsMachineImage;
import software.amazon.awscdk.services.batch.EcsMachineImageType;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.batch.Reason;
import software.amazon.awscdk.services.batch.RetryStrategy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The Spot training engine: an AWS Batch managed EC2 compute environment on Spot capacity, its job queue, and two
 * container job definitions built from the one trainer image (spot-training/): {@code Trainer} (train, and the
 * Friday preflight) and {@code Research}; and, for specs trained by several machines, the {@link MultiNodeEngine}. They differ only in their job role: Batch cannot override a job's role at
 * submission, so each reach needs its own job definition.
 *
 * <p>Spot reclaims surface as a status reason starting with "Host EC2"; only those are retried (the trainer
 * checkpoints, so a retry resumes). Any other failure exits at once so a real bug is not paid for three times.
 */
public final class SpotEngine extends Construct {

    public static final String LOCAL_QUEUE_NAME = "SpotTraining";
    public static final String LOCAL_TRAINER_JOB_DEFINITION_NAME = "Trainer";
    public static final String LOCAL_RESEARCH_JOB_DEFINITION_NAME = "Research";
    public static final int RETRY_ATTEMPTS = 3;
    /**
     * The size and attempt timeout of every container job definition: a job that names no resources of its own
     * (Saturday's TrainSpec) runs at this size, and the ledger prices its reservation at it.
     */
    public static final int JOB_VCPUS = 2;
    public static final int JOB_MEMORY_GIB = 7;
    public static final int JOB_TIMEOUT_MINUTES = 6 * 60;
    /** Build outputs the Dockerfile does not copy stay out of the image build context (the fat jar stays in). */
    public static final List<String> IMAGE_CONTEXT_EXCLUDES =
            List.of("target/*", "!target/saturday-trainer.jar", ".saturday", "node_modules", "*.iml", "src/test");
    /** The rule Step Functions keeps in the account to hear of Batch jobs it runs with .sync. */
    private static final String SYNC_EVENTS_RULE = "rule/StepFunctionsGetEventsForBatchJobsRule";

    private final JobQueue jobQueue;
    private final EcsJobDefinition trainerJob;
    private final EcsJobDefinition researchJob;
    private final Role trainerRole;
    private final Role researchRole;
    private final MultiNodeEngine multiNode;

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
        // Multi-node jobs run in awsvpc mode, where a container has a private address only: S3 and DynamoDB stay
        // reachable through gateway endpoints (free, unlike a NAT gateway).
        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3).build());
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB).build());

        // IMDSv2 only, and one network hop: the host's agent reaches the metadata service, a job's container (one
        // bridge hop further) cannot, so a job never holds the instance role; jobs get their own role from ECS.
        LaunchTemplate hosts = LaunchTemplate.Builder.create(this, "Hosts")
                .httpEndpoint(true)
                .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
                .httpPutResponseHopLimit(1)
                .build();

        ManagedEc2EcsComputeEnvironment compute = ManagedEc2EcsComputeEnvironment.Builder.create(this, "Compute")
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .spot(true)
                .allocationStrategy(AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED)
                .instanceTypes(settings.spotInstanceTypes().stream().map(InstanceType::new).toList())
                .useOptimalInstanceClasses(false)
                // Amazon Linux 2023, named here rather than left to Batch's default (AL2 is deprecated).
                .images(List.of(EcsMachineImage.builder().imageType(EcsMachineImageType.ECS_AL2023).build()))
                .launchTemplate(hosts)
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
        LogGroup jobLogs = LogGroup.Builder.create(this, "JobLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Pulls the image and ships the logs of both job definitions; the jobs themselves never assume it.
        Role executionRole = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Saturday Batch jobs: pull the trainer image, write the job logs")
                .build();
        Map<String, String> environment = jobEnvironment(registry, settings, image, codeCommit);

        trainerRole = jobRole("TrainerJobRole", "Saturday trainer jobs: write their own run outputs and "
                + "checkpoints; no registry writes");
        grantTrainerAccess(trainerRole, registry, settings);
        trainerJob = jobDefinition("TrainerJob", "trainer", trainerRole, executionRole, image, jobLogs, environment);
        LocalNames.tag(trainerJob, LocalNames.batchJobDefinition(LOCAL_TRAINER_JOB_DEFINITION_NAME));
        // Specs trained by several machines: the same image, role and environment, as a multi-node parallel job.
        multiNode = new MultiNodeEngine(this, "MultiNode", vpc, settings.multiNode(), image, trainerRole,
                executionRole, jobLogs, environment);

        researchRole = jobRole("ResearchJobRole", "Saturday research jobs: read the registry, models, runs and "
                + "data; write research reports only");
        grantResearchAccess(researchRole, registry, settings);
        researchJob = jobDefinition("ResearchJob", "research", researchRole, executionRole, image, jobLogs,
                environment);
        LocalNames.tag(researchJob, LocalNames.batchJobDefinition(LOCAL_RESEARCH_JOB_DEFINITION_NAME));

        NagSuppressions.addResourceSuppressions(this, List.of(
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("The Batch ECS instance role uses AmazonEC2ContainerServiceforEC2Role, the AWS-kept "
                                + "policy the ECS agent on Batch hosts requires.")
                        .build(),
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("Job and execution roles: CDK's S3 grants scope object actions to the key prefixes "
                                + "each job owns (runs/*, checkpoints/*, research/*, the dataset prefixes); ECR "
                                + "authorization and log stream creation require '*' or stream wildcards.")
                        .build()), true);
    }

    public JobQueue jobQueue() {
        return jobQueue;
    }

    /** Training jobs, and the Friday dry run's trainer preflight. */
    public EcsJobDefinition trainerJob() {
        return trainerJob;
    }

    /** Multi-node training: its On-Demand queue and its job definition. */
    public MultiNodeEngine multiNode() {
        return multiNode;
    }

    public EcsJobDefinition researchJob() {
        return researchJob;
    }

    public Role trainerRole() {
        return trainerRole;
    }

    public Role researchRole() {
        return researchRole;
    }

    /**
     * What running this engine's jobs with {@code submitJob.sync} takes, and no more: submit on exactly these job
     * definitions and this queue; the managed events rule .sync watches jobs with; describe jobs (Batch offers no
     * resource-level permission for it) and terminate them (so stopping an execution stops its Spot jobs; IAM cannot
     * name jobs before they exist, hence this account's job/*).
     */
    public void grantRunJobs(IGrantable runner) {
        trainerJob.grantSubmitJob(runner, jobQueue);
        researchJob.grantSubmitJob(runner, jobQueue);
        // CDK gives a multi-node job definition no grantSubmitJob: the statement EcsJobDefinition's grant writes
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(runner)
                .actions(List.of("batch:SubmitJob"))
                .resourceArns(List.of(multiNode.jobDefinition().getJobDefinitionArn(),
                        multiNode.jobQueue().getJobQueueArn()))
                .build());
        grantSyncJobs(runner);
    }

    /**
     * What TrainModelVersion needs: the trainer's job definition on the Spot queue, and the statements of a .sync
     * job (watch it, terminate it when the execution stops). Not the research or multi-node jobs.
     */
    public void grantRunTrainerJobs(IGrantable runner) {
        trainerJob.grantSubmitJob(runner, jobQueue);
        grantSyncJobs(runner);
    }

    private void grantSyncJobs(IGrantable runner) {
        Stack stack = Stack.of(this);
        // No CDK grant exists for these three: Step Functions' own documented statements, scoped as tightly as IAM allows.
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(runner)
                .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resourceArns(List.of(stack.formatArn(ArnComponents.builder()
                        .service("events").resource(SYNC_EVENTS_RULE).build())))
                .build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(runner)
                .actions(List.of("batch:DescribeJobs")).resourceArns(List.of("*")).build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(runner)
                .actions(List.of("batch:TerminateJob"))
                .resourceArns(List.of(stack.formatArn(ArnComponents.builder().service("batch").resource("job")
                        .resourceName("*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .build());
    }

    private Role jobRole(String id, String description) {
        return Role.Builder.create(this, id)
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description(description)
                .build();
    }

    private EcsJobDefinition jobDefinition(String id, String logPrefix, Role jobRole, Role executionRole,
                                           DockerImageAsset image, LogGroup logs, Map<String, String> environment) {
        return EcsJobDefinition.Builder.create(this, id)
                .container(EcsEc2ContainerDefinition.Builder.create(this, id + "Container")
                        .image(ContainerImage.fromDockerImageAsset(image))
                        .cpu(JOB_VCPUS)
                        .memory(Size.gibibytes(JOB_MEMORY_GIB))
                        .jobRole(jobRole)
                        .executionRole(executionRole)
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs).streamPrefix(logPrefix).build()))
                        .environment(environment)
                        .build())
                .retryAttempts(RETRY_ATTEMPTS)
                .retryStrategies(List.of(
                        RetryStrategy.of(Action.RETRY, Reason.SPOT_INSTANCE_RECLAIMED),
                        RetryStrategy.of(Action.EXIT, Reason.custom(CustomReason.builder()
                                .onStatusReason("*").build()))))
                .timeout(Duration.minutes(JOB_TIMEOUT_MINUTES))
                .build();
    }

    /** Sorted, so identical synths produce identical job definitions. */
    private static Map<String, String> jobEnvironment(ZooRegistry registry, SaturdaySettings settings,
                                                      DockerImageAsset image, String codeCommit) {
        Map<String, String> environment = new TreeMap<>();
        // ECS on EC2 does not tell a container its region, and the host's metadata service is out of a job's reach.
        environment.put("AWS_REGION", Aws.REGION);
        environment.put(ZooEnv.CODE_COMMIT, codeCommit);
        // Lineage of every registered version: the hash of the image's build context (also its tag in ECR).
        environment.put(ZooEnv.IMAGE_DIGEST, "sha256:" + image.getAssetHash());
        environment.put(ZooEnv.TABLE, registry.table().getTableName());
        environment.put(ZooEnv.BUCKET, registry.bucket().getBucketName());
        environment.put(ZooEnv.DATA_PREFIX, settings.dataPrefix());
        environment.put(ZooEnv.DATA_MAX_AGE_HOURS, Integer.toString(settings.dataMaxAgeHours()));
        return environment;
    }

    /**
     * The trainer writes its run outputs and checkpoints and nothing else: no registry write (RegisterCandidates
     * registers from the run's manifest), no models/ or archive/ object. It reads the registry and models/: an
     * ensemble job loads its bases' registered versions (their out-of-fold predictions).
     */
    private static void grantTrainerAccess(Role role, ZooRegistry registry, SaturdaySettings settings) {
        registry.grantRunOutputs(role);
        registry.grantModelsRead(role);
        registry.grantRegistryRead(role);
        registry.grantZooBucketDatasetsRead(role, settings.dataPrefix());
    }

    /** Research reads champions (registry, models/, their runs/) and the data; it writes its report only. */
    private static void grantResearchAccess(Role role, ZooRegistry registry, SaturdaySettings settings) {
        registry.grantRegistryRead(role);
        registry.grantModelsRead(role);
        registry.grantRunOutputsRead(role);
        registry.grantResearchReportsWrite(role);
        registry.grantZooBucketDatasetsRead(role, settings.dataPrefix());
    }
}
