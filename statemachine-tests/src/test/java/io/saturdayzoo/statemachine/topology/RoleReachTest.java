package io.saturdayzoo.statemachine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.infra.data.ZooDatasets;
import io.saturdayzoo.statemachine.topology.PolicyReach.Grant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every IAM role of the synthesized stack holds exactly the reach written here, action by resource, and nothing
 * else; then the promises that matter most are checked against concrete ARNs: no job can move a champion pointer or
 * touch a registered version, research writes only its reports, the state machine submits only the project's jobs
 * and can stop them.
 */
class RoleReachTest {

    private static final String BUCKET = "RegistryBucket";
    private static final String TABLE = "RegistryTable";
    private static final List<String> S3_READ = List.of("s3:GetObject*", "s3:GetBucket*", "s3:List*");
    private static final List<String> S3_PUT = List.of("s3:PutObject", "s3:PutObjectLegalHold",
            "s3:PutObjectRetention", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*");
    private static final List<String> TABLE_READ = List.of("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem",
            "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
            "dynamodb:Query", "dynamodb:Scan");
    private static final List<String> ITEM_WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem");
    private static final String ACCOUNT_ARN = "arn:${Partition}:%s:${Region}:${AccountId}:%s";
    /** Concrete ARNs (as PolicyReach prints them) the negative checks try. */
    private static final String CHAMPION_MODEL = BUCKET + "/models/churn/v3/model.txt";
    private static final String ARCHIVED_MODEL = BUCKET + "/archive/2026/11/28/churn/v3/model.txt";

    static Map<String, Set<Grant>> roles;
    static PolicyReach reach;

    @BeforeAll
    static void synthesize() {
        reach = new PolicyReach(SynthesizedOnce.defaults().template());
        roles = reach.roles();
    }

    @Test
    void everyRoleHoldsExactlyItsIntendedReach() {
        Map<String, Set<Grant>> expected = new LinkedHashMap<>();
        expected.put("LambdasValidateInputRole", lambdaBasics("ValidateInput"));
        expected.put("LambdasPreflightRole", union(lambdaBasics("Preflight"), on(TABLE_READ, TABLE),
                on(S3_READ, BUCKET, BUCKET + "/*"), datasetsRead()));
        expected.put("LambdasSelectRotationRole", union(lambdaBasics("SelectRotation"), on(TABLE_READ, TABLE)));
        // reads research reports; records their shadow scores as new SHADOW items (PutItem only)
        expected.put("LambdasSummarizeResearchRole", union(lambdaBasics("SummarizeResearch"),
                on(S3_READ, BUCKET, BUCKET + "/research/*"), on(List.of("dynamodb:PutItem"), TABLE)));
        expected.put("LambdasRegistryRole", union(lambdaBasics("Registry"), registryWrites(),
                on(S3_READ, BUCKET, BUCKET + "/runs/*", BUCKET + "/models/*"),
                on(S3_PUT, BUCKET + "/models/*", BUCKET + "/archive/*")));
        // and the Backtest job's report under research/, which it decides from
        expected.put("LambdasEvalGateRole", union(lambdaBasics("EvalGate"), registryWrites(),
                on(S3_READ, BUCKET, BUCKET + "/research/*")));
        // reads the registry and models/: an ensemble job loads its bases' versions
        expected.put("SpotTrainerJobRole", union(on(TABLE_READ, TABLE),
                on(S3_READ, BUCKET, BUCKET + "/checkpoints/*", BUCKET + "/models/*"),
                on(S3_PUT, BUCKET + "/checkpoints/*", BUCKET + "/runs/*"), datasetsRead()));
        expected.put("SpotResearchJobRole", union(on(TABLE_READ, TABLE),
                on(S3_READ, BUCKET, BUCKET + "/models/*", BUCKET + "/runs/*"),
                on(S3_PUT, BUCKET + "/research/*"), datasetsRead()));
        String assetRepository = String.format(ACCOUNT_ARN, "ecr",
                "repository/cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}");
        expected.put("SpotExecutionRole", union(on(List.of("ecr:GetAuthorizationToken"), "*"),
                on(List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"),
                        assetRepository),
                on(List.of("logs:CreateLogStream", "logs:PutLogEvents"), "SpotJobLogs")));
        expected.put("SpotComputeInstanceProfileRole",
                on(List.of("managed:service-role/AmazonEC2ContainerServiceforEC2Role"), "*"));
        expected.put("SpotMultiNodeComputeInstanceProfileRole",
                on(List.of("managed:service-role/AmazonEC2ContainerServiceforEC2Role"), "*"));
        expected.put("SpotVpcAllIAMRole", on(List.of("logs:CreateLogStream", "logs:PutLogEvents",
                "logs:DescribeLogStreams"), "SpotFlowLogs"));
        expected.put("CustomVpcRestrictDefaultSGCustomResourceProviderRole", union(
                on(List.of("managed:service-role/AWSLambdaBasicExecutionRole"), "*"),
                on(List.of("ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                                "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"),
                        String.format(ACCOUNT_ARN, "ec2", "security-group/SpotVpc.DefaultSecurityGroup"))));
        expected.put("SchedulerRoleForTarget0f3c01", on(List.of("states:StartExecution"), "StateMachine"));
        expected.put("StateMachineRole", stateMachineReach());
        // on-demand training: plans from the registry and the datasets, keeps the ledger, closes it on Batch events
        expected.put("LambdasPlanTrainingRole", union(lambdaBasics("PlanTraining"), on(TABLE_READ, TABLE),
                datasetsRead()));
        // also sizes a Saturday spec's dataset to reserve its estimate
        expected.put("LambdasTrainingLedgerRole", union(lambdaBasics("TrainingLedger"), registryWrites(),
                datasetsRead()));
        expected.put("LambdasBatchJobEventsRole", union(lambdaBasics("BatchJobEvents"),
                on(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), TABLE)));
        expected.put("TrainModelVersionRole", trainModelVersionReach());

        assertThat(roles.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((role, grants) -> assertThat(roles.get(role))
                .as("%s holds%n%s", role, PolicyReach.describe(roles.get(role)))
                .containsExactlyInAnyOrderElementsOf(grants));
    }

    /**
     * A stack set for more than 500 specs a Saturday trains in Distributed Maps, whose children are executions of the
     * state machine itself: its role may then start, describe, stop and redrive executions of itself, and nothing
     * else changes for any role.
     */
    @Test
    void aDistributedMapAddsOnlyItsOwnChildExecutionsToTheStateMachinesReach() {
        Map<String, Set<Grant>> distributed = new PolicyReach(SynthesizedOnce.with(
                Map.of("maxSpecsPerSaturday", 1000)).template()).roles();
        assertThat(distributed.keySet()).isEqualTo(roles.keySet());
        roles.keySet().stream().filter(role -> !role.equals("StateMachineRole")).forEach(role ->
                assertThat(distributed.get(role)).as(role).containsExactlyInAnyOrderElementsOf(roles.get(role)));
        Set<Grant> added = new TreeSet<>(distributed.get("StateMachineRole"));
        added.removeAll(roles.get("StateMachineRole"));
        assertThat(added).as("added%n%s", PolicyReach.describe(added)).isNotEmpty().allSatisfy(grant -> {
            assertThat(grant.action()).isIn("states:StartExecution", "states:DescribeExecution",
                    "states:StopExecution", "states:RedriveExecution");
            assertThat(grant.resource()).contains("StateMachine");
        });
        assertThat(added).filteredOn(g -> g.action().equals("states:StartExecution"))
                .extracting(Grant::resource).containsExactly("StateMachine");
        assertThat(added).filteredOn(g -> !g.action().equals("states:StartExecution"))
                .allSatisfy(g -> assertThat(g.resource()).contains("execution:"));
    }

    @Test
    void noJobCanMoveAChampionPointerOrWriteARegisteredVersion() {
        for (String job : List.of("SpotTrainerJobRole", "SpotResearchJobRole")) {
            Set<Grant> grants = roles.get(job);
            for (String write : List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate")) {
                assertThat(PolicyReach.allows(grants, write, TABLE)).as("%s may %s", job, write).isFalse();
            }
            for (String object : List.of(CHAMPION_MODEL, ARCHIVED_MODEL)) {
                for (String write : List.of("s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion")) {
                    assertThat(PolicyReach.allows(grants, write, object)).as("%s may %s %s", job, write, object)
                            .isFalse();
                }
            }
            assertThat(grants).as(job).noneMatch(g -> g.action().startsWith("events:"));
        }
        Set<Grant> trainer = roles.get("SpotTrainerJobRole");
        assertThat(PolicyReach.allows(trainer, "s3:PutObject", BUCKET + "/runs/exec-1/churn-gbdt/manifest.json"))
                .isTrue();
        assertThat(PolicyReach.allows(trainer, "s3:PutObject", BUCKET + "/checkpoints/job-1/churn-gbdt/fold-0.json"))
                .isTrue();
        assertThat(trainer).filteredOn(g -> g.action().startsWith("dynamodb:"))
                .allSatisfy(g -> assertThat(TABLE_READ).contains(g.action()));
        assertThat(PolicyReach.allows(trainer, "s3:GetObject", BUCKET + "/models/churn/v3/oof_predictions.json"))
                .isTrue();
    }

    @Test
    void researchWritesNothingButItsReports() {
        Set<Grant> research = roles.get("SpotResearchJobRole");
        assertThat(research).filteredOn(g -> isWrite(g.action()))
                .isNotEmpty()
                .allSatisfy(g -> assertThat(g.resource()).isEqualTo(BUCKET + "/research/*"));
        assertThat(PolicyReach.allows(research, "s3:PutObject", BUCKET + "/research/exec-1/report.json")).isTrue();
        assertThat(PolicyReach.allows(research, "s3:PutObject", BUCKET + "/runs/exec-1/churn-gbdt/model.txt"))
                .isFalse();
    }

    @Test
    void theStateMachineSubmitsOnlyTheProjectsJobsAndCanStopThem() {
        Set<Grant> machine = roles.get("StateMachineRole");
        assertThat(machine).filteredOn(g -> g.action().equals("batch:SubmitJob")).extracting(Grant::resource)
                .containsExactlyInAnyOrder("SpotQueue", "SpotTrainerJob", "SpotResearchJob", "SpotMultiNodeQueue",
                        "SpotMultiNodeJob");
        assertThat(PolicyReach.allows(machine, "batch:SubmitJob",
                String.format(ACCOUNT_ARN, "batch", "job-definition/someone-elses-job:1"))).isFalse();
        String job = String.format(ACCOUNT_ARN, "batch", "job/4c2f4a0e-0000-4000-8000-000000000000");
        assertThat(PolicyReach.allows(machine, "batch:TerminateJob", job)).isTrue();
        assertThat(PolicyReach.allows(machine, "batch:DescribeJobs", "*")).isTrue();
    }

    @Test
    void everyActionExistsAndNoGrantNamesATableIndex() {
        // TransactWriteItems is no IAM action (a transaction is authorized item by item); the table has no index.
        roles.forEach((role, grants) -> assertThat(grants).as(role)
                .noneMatch(g -> g.action().equals("dynamodb:TransactWriteItems"))
                .noneMatch(g -> g.resource().contains("/index/")));
    }

    // ---- expected reach, built from CDK's grant action sets ----

    private static Set<Grant> stateMachineReach() {
        String syncRule = String.format(ACCOUNT_ARN, "events", "rule/StepFunctionsGetEventsForBatchJobsRule");
        List<String> aliases = new ArrayList<>();
        for (String fn : List.of("ValidateInput", "Preflight", "SelectRotation", "Registry", "EvalGate",
                "SummarizeResearch", "TrainingLedger")) {
            aliases.add("Lambdas" + fn + "Live");
        }
        return union(
                on(List.of("lambda:InvokeFunction"), aliases.toArray(String[]::new)),
                on(List.of("batch:SubmitJob"), "SpotQueue", "SpotTrainerJob", "SpotResearchJob", "SpotMultiNodeQueue",
                        "SpotMultiNodeJob"),
                on(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"), syncRule),
                on(List.of("batch:DescribeJobs"), "*"),
                on(List.of("batch:TerminateJob"), String.format(ACCOUNT_ARN, "batch", "job/*")),
                on(List.of("sns:Publish"), "AlertsTopic"),
                on(List.of("kms:Decrypt", "kms:GenerateDataKey*"), "AlertsKey"),
                on(List.of("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                        "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"), "*"),
                on(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                        "xray:GetSamplingTargets"), "*"));
    }

    /** Only the trainer's job on the Spot queue (no research, no multi-node), and what a .sync job needs. */
    private static Set<Grant> trainModelVersionReach() {
        String syncRule = String.format(ACCOUNT_ARN, "events", "rule/StepFunctionsGetEventsForBatchJobsRule");
        return union(
                on(List.of("lambda:InvokeFunction"), "LambdasPlanTrainingLive", "LambdasTrainingLedgerLive",
                        "LambdasRegistryLive"),
                on(List.of("batch:SubmitJob"), "SpotQueue", "SpotTrainerJob"),
                on(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"), syncRule),
                on(List.of("batch:DescribeJobs"), "*"),
                on(List.of("batch:TerminateJob"), String.format(ACCOUNT_ARN, "batch", "job/*")),
                on(List.of("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                        "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"), "*"),
                on(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                        "xray:GetSamplingTargets"), "*"));
    }

    @Test
    void trainModelVersionCanStopItsJobAndSubmitsNothingButTheTrainer() {
        Set<Grant> machine = roles.get("TrainModelVersionRole");
        String job = String.format(ACCOUNT_ARN, "batch", "job/4c2f4a0e-0000-4000-8000-000000000000");
        assertThat(PolicyReach.allows(machine, "batch:TerminateJob", job)).isTrue();
        assertThat(PolicyReach.allows(machine, "batch:DescribeJobs", "*")).isTrue();
        assertThat(PolicyReach.allows(machine, "batch:SubmitJob", "SpotResearchJob")).isFalse();
        assertThat(PolicyReach.allows(machine, "batch:SubmitJob", "SpotMultiNodeJob")).isFalse();
        assertThat(machine).noneMatch(g -> g.action().startsWith("dynamodb:") || g.action().startsWith("s3:"));
    }

    private static Set<Grant> lambdaBasics(String function) {
        return union(on(List.of("logs:CreateLogStream", "logs:PutLogEvents"), "Lambdas" + function + "Logs"),
                on(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "*"));
    }

    private static Set<Grant> registryWrites() {
        return union(on(TABLE_READ, TABLE), on(ITEM_WRITES, TABLE), on(List.of("events:PutEvents"),
                "RegistryEventBus"));
    }

    /** Read on exactly the active catalog specs' dataset prefixes (imported buckets, so rendered as ARNs). */
    private static Set<Grant> datasetsRead() {
        ZooDatasets datasets = ZooDatasets.load(Path.of(""));
        assertThat(datasets.datasets()).isNotEmpty();
        Set<Grant> out = new TreeSet<>();
        for (DatasetRef dataset : datasets.datasets()) {
            String bucket = "arn:${Partition}:s3:::" + dataset.bucket();
            out.addAll(on(S3_READ, bucket, bucket + "/" + dataset.keyPrefix() + "*"));
        }
        return out;
    }

    private static Set<Grant> on(List<String> actions, String... resources) {
        Set<Grant> out = new TreeSet<>();
        for (String action : actions) {
            for (String resource : resources) {
                out.add(new Grant(action, resource, ""));
            }
        }
        return out;
    }

    @SafeVarargs
    private static Set<Grant> union(Set<Grant>... parts) {
        Set<Grant> out = new TreeSet<>();
        for (Set<Grant> part : parts) {
            out.addAll(part);
        }
        return out;
    }

    private static boolean isWrite(String action) {
        return action.matches("s3:(Put|Delete|Abort|Restore|Replicate|Create).*")
                || action.matches("dynamodb:(Put|Update|Delete|BatchWrite|PartiQL(Insert|Update|Delete)).*")
                || action.startsWith("events:Put");
    }
}
