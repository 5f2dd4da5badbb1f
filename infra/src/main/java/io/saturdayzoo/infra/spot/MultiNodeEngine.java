package io.saturdayzoo.infra.spot;

import java.util.List;
import java.util.Map;

import io.saturdayzoo.core.jobs.TrainerJobs;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.definition.LocalNames;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.batch.Action;
import software.amazon.awscdk.services.batch.AllocationStrategy;
import software.amazon.awscdk.services.batch.CfnJobDefinition;
import software.amazon.awscdk.services.batch.CustomReason;
import software.amazon.awscdk.services.batch.EcsEc2ContainerDefinition;
import software.amazon.awscdk.services.batch.EcsMachineImage;
import software.amazon.awscdk.services.batch.EcsMachineImageType;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.batch.MultiNodeContainer;
import software.amazon.awscdk.services.batch.MultiNodeJobDefinition;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.batch.Reason;
import software.amazon.awscdk.services.batch.RetryStrategy;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.MultipartBody;
import software.amazon.awscdk.services.ec2.MultipartUserData;
import software.amazon.awscdk.services.ec2.PlacementGroup;
import software.amazon.awscdk.services.ec2.PlacementGroupStrategy;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * Where a spec with {@code "nodes"} >= 2 trains: one AWS Batch multi-node parallel job whose nodes each train a share
 * of the rows together (the trainer's distributed package). Batch runs multi-node parallel jobs only on On-Demand
 * capacity ("Multi-node parallel jobs aren't supported on compute environments that use Spot Instances", Batch user
 * guide, compute environment considerations for MNP), so they get their own On-Demand compute environment and queue,
 * capped by {@code multiNodeMaxVcpus}; single-node specs stay on Spot.
 *
 * <p>One job definition serves every multi-node spec: the state machine overrides the node count and each node's
 * size per submission from the spec's rotation item, so a catalog change needs no new job definition. The nodes run
 * in Batch's awsvpc mode (an address of their own, no public one) in one subnet under a cluster placement group, and
 * their security group opens exactly the rendezvous and model network ports between them.
 */
public final class MultiNodeEngine extends Construct {
    public static final String LOCAL_QUEUE_NAME = "OnDemandNodes";
    public static final String LOCAL_JOB_DEFINITION_NAME = "TrainerNodes";
    /** The main node (AWS_BATCH_JOB_MAIN_NODE_INDEX): the one that writes run outputs. */
    public static final int MAIN_NODE = 0;
    /** Every node, however many a submission asks for (Batch's open range "0:"). */
    public static final String ALL_NODES = "0:";

    private final JobQueue jobQueue;
    private final MultiNodeJobDefinition jobDefinition;

    MultiNodeEngine(Construct scope, String id, Vpc vpc, SaturdaySettings.MultiNode settings, DockerImageAsset image,
                    IRole jobRole, IRole executionRole, LogGroup logs, Map<String, String> environment) {
        super(scope, id);

        SecurityGroup nodes = SecurityGroup.Builder.create(this, "Nodes")
                .vpc(vpc)
                .description("Saturday multi-node training: nodes of one job reach one another on the rendezvous "
                        + "and model network ports")
                .allowAllOutbound(true)
                .build();
        for (int port : List.of(TrainerJobs.RENDEZVOUS_PORT, TrainerJobs.NETWORK_PORT)) {
            nodes.addIngressRule(nodes, Port.tcp(port), "trainer nodes of one job");
        }

        // The hosts' IMDS settings as on Spot. An awsvpc task is no bridge hop away from the host, so the ECS agent
        // also blocks its containers from the metadata service (they get their own role from ECS). Batch takes a
        // launch template's user data only as MIME multi-part.
        MultipartUserData userData = new MultipartUserData();
        UserData agent = UserData.forLinux();
        agent.addCommands("echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config");
        userData.addPart(MultipartBody.fromUserData(agent));
        LaunchTemplate hosts = LaunchTemplate.Builder.create(this, "Hosts")
                .httpEndpoint(true)
                .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
                .httpPutResponseHopLimit(1)
                .userData(userData)
                .build();

        ManagedEc2EcsComputeEnvironment compute = ManagedEc2EcsComputeEnvironment.Builder.create(this, "Compute")
                .vpc(vpc)
                // one subnet, so one Availability Zone, as a cluster placement group needs
                .vpcSubnets(SubnetSelection.builder().subnets(List.of(vpc.getPublicSubnets().get(0))).build())
                .securityGroups(List.of(nodes))
                .placementGroup(PlacementGroup.Builder.create(this, "Placement")
                        .strategy(PlacementGroupStrategy.CLUSTER).build())
                .spot(false)
                .allocationStrategy(AllocationStrategy.BEST_FIT_PROGRESSIVE)
                .instanceTypes(settings.instanceTypes().stream().map(InstanceType::new).toList())
                .useOptimalInstanceClasses(false)
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

        EcsEc2ContainerDefinition container = EcsEc2ContainerDefinition.Builder.create(this, "NodeContainer")
                .image(ContainerImage.fromDockerImageAsset(image))
                .cpu(settings.nodeVcpus())
                .memory(Size.gibibytes(settings.nodeMemoryGib()))
                .jobRole(jobRole)
                .executionRole(executionRole)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("nodes").build()))
                .environment(environment)
                .build();
        jobDefinition = MultiNodeJobDefinition.Builder.create(this, "Job")
                .mainNode(MAIN_NODE)
                .containers(List.of(MultiNodeContainer.builder().container(container).startNode(0).endNode(1).build()))
                // A lost node fails the whole job (trainer exit code TrainerJobs.EXIT_NODE_LOST, or its host gone);
                // a new attempt runs every node again and resumes from the main node's fold checkpoints. Other
                // failures exit at once, as on Spot.
                .retryAttempts(SpotEngine.RETRY_ATTEMPTS)
                .retryStrategies(List.of(
                        RetryStrategy.of(Action.RETRY, Reason.custom(CustomReason.builder()
                                .onExitCode(Integer.toString(TrainerJobs.EXIT_NODE_LOST)).build())),
                        RetryStrategy.of(Action.RETRY, Reason.custom(CustomReason.builder()
                                .onStatusReason("Host EC2*").build())),
                        RetryStrategy.of(Action.EXIT, Reason.custom(CustomReason.builder()
                                .onStatusReason("*").build()))))
                .timeout(Duration.minutes(SpotEngine.JOB_TIMEOUT_MINUTES))
                .build();
        // CDK writes each container's nodes as a closed range; "0:" keeps every node covered when a submission
        // overrides the node count.
        ((CfnJobDefinition) jobDefinition.getNode().getDefaultChild()).addPropertyOverride(
                "NodeProperties.NodeRangeProperties.0.TargetNodes", ALL_NODES);
        LocalNames.tag(jobDefinition, LocalNames.batchJobDefinition(LOCAL_JOB_DEFINITION_NAME));
    }

    public JobQueue jobQueue() {
        return jobQueue;
    }

    public MultiNodeJobDefinition jobDefinition() {
        return jobDefinition;
    }
}
