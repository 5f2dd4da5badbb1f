package io.saturdayzoo.statemachine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.saturdayzoo.core.jobs.TrainerJobs;
import software.amazon.awscdk.assertions.Match;

/**
 * The resources around the definition: Spot engine, schedules, least-privilege roles (their whole reach is in
 * RoleReachTest), storage, alerts, cdk-nag, and the feature flags of cdk.json as the template shows them.
 */
class SaturdayStackResourcesTest {

    /** Reads and telemetry: everything the Preflight role may do. Any other action fails the test. */
    private static final Set<String> PREFLIGHT_ALLOWED = Set.of("s3:GetObject*", "s3:GetBucket*", "s3:List*",
            "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem",
            "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query", "dynamodb:Scan",
            "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords");

    static SynthesizedOnce.Synth synth;
    static JsonNode resources;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedOnce.defaults();
        resources = synth.resources();
    }

    @Test
    void spotTrainingRetriesOnlyOnSpotReclaim() {
        synth.assertions().hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
                "Type", "container",
                "RetryStrategy", Map.of(
                        "Attempts", 3,
                        "EvaluateOnExit", List.of(
                                Map.of("Action", "RETRY", "OnStatusReason", "Host EC2*"),
                                Map.of("Action", "EXIT", "OnStatusReason", "*")))));
        synth.assertions().hasResourceProperties("AWS::Batch::ComputeEnvironment", Map.of(
                "Type", "managed",
                "ComputeResources", Match.objectLike(Map.of(
                        "Type", "SPOT",
                        "AllocationStrategy", "SPOT_PRICE_CAPACITY_OPTIMIZED",
                        "MinvCpus", 0,
                        "MaxvCpus", 64))));
        // the Spot queue, and the multi-node queue (On-Demand: Batch runs no multi-node job on Spot)
        synth.assertions().resourceCountIs("AWS::Batch::JobQueue", 2);
    }

    /**
     * ReserveTraining prices a Saturday spec at the size its job really runs at: the Trainer job definition's vCPUs,
     * memory and attempt timeout, and for a multi-node spec the node size of the multi-node job definition.
     */
    @Test
    void aSaturdaySpecIsReservedAtTheSizeAndTimeoutOfItsJobDefinition() {
        JsonNode trainer = all("AWS::Batch::JobDefinition").stream().filter(r -> r.at(
                "/Metadata/saturdayzoo:local-arn").asText().endsWith("/Trainer")).findFirst().orElseThrow();
        Map<String, Integer> trainerSize = new java.util.HashMap<>();
        trainer.at("/Properties/ContainerProperties/ResourceRequirements").forEach(r -> trainerSize.put(
                r.get("Type").asText(), r.get("Value").asInt()));
        JsonNode node = only("AWS::Batch::JobDefinition", "Type", "multinode")
                .at("/Properties/NodeProperties/NodeRangeProperties/0/Container/ResourceRequirements");
        Map<String, Integer> nodeResources = new java.util.HashMap<>();
        node.forEach(r -> nodeResources.put(r.get("Type").asText(), r.get("Value").asInt()));

        JsonNode reserve = synth.definition().at("/States/ResearchPredictorParallel/Branches/1/States/"
                + "TrainSelectedSpecs/ItemProcessor/States/ReserveTraining/Parameters");
        assertThat(reserve.at("/job_size/vcpus").asInt()).isEqualTo(trainerSize.get("VCPU")).isEqualTo(2);
        assertThat(reserve.at("/job_size/memory_gib").asInt() * 1024).isEqualTo(trainerSize.get("MEMORY"));
        assertThat(reserve.at("/job_size/wall_time_cap_minutes").asInt() * 60)
                .isEqualTo(trainer.at("/Properties/Timeout/AttemptDurationSeconds").asInt());
        assertThat(reserve.at("/node_size/vcpus").asInt()).isEqualTo(nodeResources.get("VCPU"));
        assertThat(reserve.at("/node_size/memory_gib").asInt() * 1024).isEqualTo(nodeResources.get("MEMORY"));
    }

    @Test
    void multiNodeSpecsTrainAsOneMultiNodeJobOnCappedOnDemandHostsInOneZoneOpenOnlyToEachOther() {
        JsonNode job = only("AWS::Batch::JobDefinition", "Type", "multinode");
        JsonNode nodes = job.at("/Properties/NodeProperties");
        assertThat(nodes.at("/MainNode").asInt()).isZero();
        assertThat(nodes.at("/NodeRangeProperties")).hasSize(1);
        // every node, however many a submission asks for
        assertThat(nodes.at("/NodeRangeProperties/0/TargetNodes").asText()).isEqualTo("0:");
        JsonNode container = nodes.at("/NodeRangeProperties/0/Container");
        assertThat(container.at("/Image/Fn::Sub").asText()).contains("cdk-hnb659fds-container-assets");
        assertThat(container.at("/JobRoleArn/Fn::GetAtt/0").asText()).startsWith("SpotTrainerJobRole");
        assertThat(container.at("/ResourceRequirements").toString()).contains("{\"Type\":\"VCPU\",\"Value\":\"4\"}",
                "{\"Type\":\"MEMORY\",\"Value\":\"14336\"}");
        // a lost node (trainer exit 3) or host: a new attempt of the whole job resumes from the checkpoints
        assertThat(job.at("/Properties/RetryStrategy").toString()).isEqualTo("{\"Attempts\":3,\"EvaluateOnExit\":["
                + "{\"Action\":\"RETRY\",\"OnExitCode\":\"3\"},{\"Action\":\"RETRY\",\"OnStatusReason\":\"Host EC2*\"},"
                + "{\"Action\":\"EXIT\",\"OnStatusReason\":\"*\"}]}");
        assertThat(job.at("/Metadata/saturdayzoo:local-arn").asText())
                .isEqualTo("arn:aws:batch:::job-definition/TrainerNodes");

        JsonNode compute = only("AWS::Batch::ComputeEnvironment", "ComputeResources.Type", "EC2")
                .at("/Properties/ComputeResources");
        assertThat(compute.at("/MaxvCpus").asInt()).isEqualTo(16);
        assertThat(compute.at("/Subnets")).hasSize(1);
        String placement = compute.at("/PlacementGroup/Fn::GetAtt/0").asText();
        assertThat(resources.get(placement).at("/Properties/Strategy").asText()).isEqualTo("cluster");
        String template = compute.at("/LaunchTemplate/LaunchTemplateId/Ref").asText();
        JsonNode hosts = resources.get(template).at("/Properties/LaunchTemplateData");
        assertThat(hosts.at("/MetadataOptions/HttpTokens").asText()).isEqualTo("required");
        assertThat(hosts.at("/MetadataOptions/HttpPutResponseHopLimit").asInt()).isEqualTo(1);
        assertThat(hosts.at("/UserData").toString()).contains("ECS_AWSVPC_BLOCK_IMDS=true");

        String group = compute.at("/SecurityGroupIds/0/Fn::GetAtt/0").asText();
        List<String> ingress = new ArrayList<>();
        for (JsonNode rule : all("AWS::EC2::SecurityGroupIngress")) {
            if (rule.at("/Properties/GroupId/Fn::GetAtt/0").asText().equals(group)) {
                assertThat(rule.at("/Properties/SourceSecurityGroupId/Fn::GetAtt/0").asText()).isEqualTo(group);
                ingress.add(rule.at("/Properties/IpProtocol").asText() + ":" + rule.at("/Properties/FromPort").asInt()
                        + "-" + rule.at("/Properties/ToPort").asInt());
            }
        }
        assertThat(resources.get(group).at("/Properties/SecurityGroupIngress").isMissingNode()).isTrue();
        assertThat(ingress).containsExactlyInAnyOrder("tcp:" + TrainerJobs.RENDEZVOUS_PORT + "-"
                + TrainerJobs.RENDEZVOUS_PORT, "tcp:" + TrainerJobs.NETWORK_PORT + "-" + TrainerJobs.NETWORK_PORT);
        // awsvpc containers have no public address: S3 and DynamoDB through gateway endpoints
        assertThat(all("AWS::EC2::VPCEndpoint")).extracting(e -> e.at("/Properties/ServiceName").toString())
                .hasSize(2).anyMatch(n -> n.contains(".s3")).anyMatch(n -> n.contains(".dynamodb"));
    }

    @Test
    void theJobDefinitionsRunTheTrainerImageWithTheZooEnvironmentAndTheirOwnRole() {
        List<JsonNode> jobs = all("AWS::Batch::JobDefinition", "Type", "container");
        assertThat(jobs).extracting(j -> j.at("/Metadata/saturdayzoo:local-arn").asText())
                .containsExactlyInAnyOrder("arn:aws:batch:::job-definition/Trainer",
                        "arn:aws:batch:::job-definition/Research");
        assertThat(jobs).extracting(j -> j.at("/Properties/ContainerProperties/JobRoleArn/Fn::GetAtt/0").asText())
                .doesNotHaveDuplicates();
        for (JsonNode job : jobs) {
            JsonNode container = job.at("/Properties/ContainerProperties");
            assertThat(container.at("/Image/Fn::Sub").asText()).contains("cdk-hnb659fds-container-assets");
            List<String> env = new ArrayList<>();
            container.get("Environment").forEach(e -> env.add(e.get("Name").asText()));
            // Registration happens in the registry Lambda only: no job announces registry events.
            assertThat(env).containsExactlyInAnyOrder("AWS_REGION", "ZOO_TABLE", "ZOO_BUCKET", "ZOO_DATA_PREFIX",
                    "ZOO_DATA_MAX_AGE_HOURS", "ZOO_IMAGE_DIGEST", "ZOO_CODE_COMMIT");
            // Unless context says otherwise, jobs and Preflight look for data where the catalog's datasets live.
            container.get("Environment").forEach(e -> {
                if (e.get("Name").asText().equals("ZOO_DATA_PREFIX")) {
                    assertThat(e.get("Value").asText()).isEqualTo("s3://saturday-zoo-data/datasets/");
                }
                if (e.get("Name").asText().equals("ZOO_CODE_COMMIT")) {
                    // the checkout's HEAD: every version the deployment trains records the code it ran
                    assertThat(e.get("Value").asText()).matches("[0-9a-f]{40}");
                }
                if (e.get("Name").asText().equals("AWS_REGION")) {
                    assertThat(e.get("Value")).hasToString("{\"Ref\":\"AWS::Region\"}");
                }
            });
        }
    }

    @Test
    void spotHostsRequireImdsv2OutOfTheJobsReachAndRunAmazonLinux2023() {
        JsonNode compute = only("AWS::Batch::ComputeEnvironment", "ComputeResources.Type", "SPOT")
                .at("/Properties/ComputeResources");
        assertThat(compute.at("/Ec2Configuration/0/ImageType").asText()).isEqualTo("ECS_AL2023");
        String template = compute.at("/LaunchTemplate/LaunchTemplateId/Ref").asText();
        assertThat(resources.get(template).at("/Properties/LaunchTemplateData/MetadataOptions"))
                .isEqualTo(SynthesizedOnce.JSON.createObjectNode().put("HttpEndpoint", "enabled")
                        .put("HttpPutResponseHopLimit", 1).put("HttpTokens", "required"));
        // @aws-cdk/aws-ec2:restrictDefaultSecurityGroup: the VPC's default security group loses its rules.
        synth.assertions().resourceCountIs("Custom::VpcRestrictDefaultSG", 1);
    }

    @Test
    void accessLogsArriveUnderABucketPolicyNotAnAcl() {
        List<JsonNode> buckets = all("AWS::S3::Bucket");
        assertThat(buckets).hasSize(2).allSatisfy(b -> {
            assertThat(b.at("/Properties/AccessControl").isMissingNode()).isTrue();
            assertThat(b.at("/Properties/OwnershipControls").isMissingNode()).as("bucket owner enforced").isTrue();
        });
        String zooBucket = buckets.stream().filter(b -> b.at("/Properties/LoggingConfiguration").isObject())
                .findFirst().map(b -> logicalIdOf(b)).orElseThrow();
        String logBucket = resources.get(zooBucket)
                .at("/Properties/LoggingConfiguration/DestinationBucketName/Ref").asText();
        JsonNode delivery = null;
        for (JsonNode policy : all("AWS::S3::BucketPolicy")) {
            if (policy.at("/Properties/Bucket/Ref").asText().equals(logBucket)) {
                for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
                    if (statement.at("/Principal/Service").asText().equals("logging.s3.amazonaws.com")) {
                        delivery = statement;
                    }
                }
            }
        }
        assertThat(delivery).as("log delivery statement on the access-log bucket").isNotNull();
        assertThat(delivery.get("Action").asText()).isEqualTo("s3:PutObject");
        assertThat(delivery.at("/Condition/ArnLike/aws:SourceArn/Fn::GetAtt/0").asText()).isEqualTo(zooBucket);
        assertThat(delivery.at("/Condition/StringEquals/aws:SourceAccount/Ref").asText()).isEqualTo("AWS::AccountId");
    }

    @Test
    void runOutputsCheckpointsAndReplacedVersionsExpire() {
        synth.assertions().hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of(
                "Rules", List.of(
                        Map.of("Id", "ExpireRuns", "Prefix", "runs/", "ExpirationInDays", 90, "Status", "Enabled"),
                        Map.of("Id", "ExpireCheckpoints", "Prefix", "checkpoints/", "ExpirationInDays", 14,
                                "Status", "Enabled"),
                        Map.of("Id", "ExpireNoncurrentVersions", "NoncurrentVersionExpiration",
                                Map.of("NoncurrentDays", 90), "Status", "Enabled")))));
        SynthesizedOnce.Synth custom = SynthesizedOnce.with(Map.of("runsExpirationDays", 30,
                "checkpointsExpirationDays", 3, "noncurrentVersionExpirationDays", 400));
        custom.assertions().hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of(
                "Rules", List.of(
                        Match.objectLike(Map.of("Prefix", "runs/", "ExpirationInDays", 30)),
                        Match.objectLike(Map.of("Prefix", "checkpoints/", "ExpirationInDays", 3)),
                        Match.objectLike(Map.of("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 400)))))));
    }

    @Test
    void executionLogsAreEncryptedWithAKeyOnlyThatLogGroupMayUse() {
        String machine = logicalIdOf("AWS::StepFunctions::StateMachine");
        String logGroup = resources.get(machine)
                .at("/Properties/LoggingConfiguration/Destinations/0/CloudWatchLogsLogGroup/LogGroupArn/Fn::GetAtt/0")
                .asText();
        JsonNode group = resources.get(logGroup).get("Properties");
        String key = group.at("/KmsKeyId/Fn::GetAtt/0").asText();
        assertThat(resources.get(key).path("Type").asText()).isEqualTo("AWS::KMS::Key");
        assertThat(resources.get(key).at("/Properties/EnableKeyRotation").asBoolean()).isTrue();
        PolicyReach names = new PolicyReach(synth.template());
        JsonNode logsStatement = null;
        for (JsonNode statement : resources.get(key).at("/Properties/KeyPolicy/Statement")) {
            if (names.render(statement.at("/Principal/Service")).startsWith("logs.")) {
                logsStatement = statement;
            }
        }
        assertThat(logsStatement).as("key policy statement for CloudWatch Logs").isNotNull();
        assertThat(names.render(logsStatement.at("/Principal/Service"))).isEqualTo("logs.${Region}.amazonaws.com");
        assertThat(names.render(logsStatement.at("/Condition/ArnEquals/kms:EncryptionContext:aws:logs:arn")))
                .isEqualTo("arn:${Partition}:logs:${Region}:${AccountId}:log-group:" + group.get("LogGroupName").asText());
    }

    @Test
    void schedulesAreDisabledByDefaultAndStartOnlyThisStateMachine() {
        List<JsonNode> schedules = all("AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(2);
        String machine = logicalIdOf("AWS::StepFunctions::StateMachine");
        for (JsonNode schedule : schedules) {
            assertThat(schedule.at("/Properties/State").asText()).isEqualTo("DISABLED");
            assertThat(schedule.at("/Properties/ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
            assertThat(schedule.at("/Properties/Target/Arn/Ref").asText()).isEqualTo(machine);
            String role = schedule.at("/Properties/Target/RoleArn/Fn::GetAtt/0").asText();
            assertThat(actionsOfRole(role)).containsExactly("states:StartExecution");
            assertThat(resourcesOfRole(role)).allMatch(r -> r.equals("{\"Ref\":\"" + machine + "\"}"));
        }
        assertThat(schedules).extracting(s -> s.at("/Properties/ScheduleExpression").asText())
                .containsExactlyInAnyOrder("cron(0 6 ? * SAT *)", "cron(0 18 ? * FRI *)");
        JsonNode friday = schedules.stream()
                .filter(s -> s.at("/Properties/ScheduleExpression").asText().contains("FRI")).findFirst().orElseThrow();
        JsonNode saturday = schedules.stream()
                .filter(s -> s.at("/Properties/ScheduleExpression").asText().contains("SAT")).findFirst().orElseThrow();
        assertThat(friday.at("/Properties/Target/Input").asText()).isEqualTo("{\"preflight_only\":true}");
        assertThat(saturday.at("/Properties/Target/Input").asText()).isEqualTo("{}");
    }

    @Test
    void contextTurnsSchedulesOnAndRetimesThem() {
        SynthesizedOnce.Synth custom = SynthesizedOnce.with(Map.of(
                "schedulesEnabled", "true", "saturdayCron", "cron(30 4 ? * SAT *)",
                "scheduleTimeZone", "Europe/Paris", "mapMaxConcurrency", 2,
                "alertEmail", "ops@example.com"));
        List<JsonNode> schedules = new ArrayList<>();
        custom.resources().forEach(r -> {
            if (r.path("Type").asText().equals("AWS::Scheduler::Schedule")) {
                schedules.add(r);
            }
        });
        assertThat(schedules).allSatisfy(s -> {
            assertThat(s.at("/Properties/State").asText()).isEqualTo("ENABLED");
            assertThat(s.at("/Properties/ScheduleExpressionTimezone").asText()).isEqualTo("Europe/Paris");
        });
        assertThat(schedules).extracting(s -> s.at("/Properties/ScheduleExpression").asText())
                .contains("cron(30 4 ? * SAT *)");
        JsonNode definition = custom.definition();
        assertThat(definition.at("/States/ResearchPredictorParallel/Branches/1/States/TrainSelectedSpecs/MaxConcurrency")
                .asInt()).isEqualTo(2);
        custom.assertions().hasResourceProperties("AWS::SNS::Subscription",
                Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
    }

    @Test
    void preflightRoleHoldsNoWriteAction() {
        String role = roleOfFunction("Preflight");
        Set<String> actions = actionsOfRole(role);
        assertThat(actions).isNotEmpty().isSubsetOf(PREFLIGHT_ALLOWED);
        assertThat(actions).noneMatch(a -> a.matches(".*:(Put|Delete|Update|Create(?!LogStream)|BatchWrite|"
                + "TransactWrite|Copy|Restore|Publish|Start|Submit|Send).*") && !a.startsWith("logs:")
                && !a.startsWith("xray:"));
        assertThat(resources.get(role).at("/Properties/ManagedPolicyArns").isMissingNode()).isTrue();
    }

    @Test
    void catalogDatasetsAreReadableByTheJobsAndPreflightOnly() {
        // zoo/catalog.json's active specs read from the sample data bucket; the sample retired spec is not granted.
        PolicyReach reach = new PolicyReach(synth.template());
        Map<String, Set<PolicyReach.Grant>> roles = reach.roles();
        String dataObject = "arn:${Partition}:s3:::saturday-zoo-data/datasets/churn/part-0000.csv";
        // PlanTraining and TrainingLedger size a spec's dataset for the cost estimate before anything launches
        Set<String> readers = Set.of("SpotTrainerJobRole", "SpotResearchJobRole", "LambdasPreflightRole",
                "LambdasPlanTrainingRole", "LambdasTrainingLedgerRole");
        for (String reader : readers) {
            assertThat(PolicyReach.allows(roles.get(reader), "s3:GetObject", dataObject)).as(reader).isTrue();
            assertThat(roles.get(reader)).as(reader).noneMatch(g -> g.resource().contains("churn-v1"));
        }
        roles.forEach((role, grants) -> {
            if (!readers.contains(role)) {
                assertThat(grants).as(role).noneMatch(g -> g.resource().contains("saturday-zoo-data"));
            }
            assertThat(grants).as(role).noneMatch(g -> g.resource().contains("saturday-zoo-data")
                    && !g.action().matches("s3:(GetObject|GetBucket|List)\\*"));
        });
    }

    @Test
    void onlyTheRegistryWritersWriteTheTableOrPublishRegistryEvents() {
        Map<String, Set<PolicyReach.Grant>> roles = new PolicyReach(synth.template()).roles();
        roles.forEach((role, grants) -> {
            // the registry's writers, and the ledger's keeper (which announces ModelVersionTrained)
            boolean writer = role.equals("LambdasRegistryRole") || role.equals("LambdasEvalGateRole")
                    || role.equals("LambdasTrainingLedgerRole");
            assertThat(grants.stream().anyMatch(g -> g.action().equals("events:PutEvents"))).as(role).isEqualTo(writer);
            if (role.equals("LambdasBatchJobEventsRole")) {
                // closes an allocation the state machine left open: an update of that row, nothing else
                assertThat(grants).as(role).filteredOn(g -> g.action().matches("dynamodb:(Put|Update|Delete|BatchWrite).*"))
                        .extracting(PolicyReach.Grant::action).containsOnly("dynamodb:UpdateItem");
                return;
            }
            if (role.equals("LambdasSummarizeResearchRole")) {
                // records shadow scores: new items only, never an update of a version or a pointer
                assertThat(grants).as(role).filteredOn(g -> g.action().matches("dynamodb:(Put|Update|Delete|BatchWrite).*"))
                        .extracting(PolicyReach.Grant::action).containsOnly("dynamodb:PutItem");
                return;
            }
            assertThat(grants.stream().anyMatch(g -> g.action().matches("dynamodb:(Put|Update|Delete|BatchWrite).*")))
                    .as(role).isEqualTo(writer);
        });
        assertThat(actionsOfRole(roleOfFunction("ValidateInput"))).as("ValidateInput touches no data")
                .allMatch(a -> a.startsWith("logs:") || a.startsWith("xray:"));
    }

    @Test
    void stateMachineLogsEverythingAndTraces() {
        synth.assertions().hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true)),
                "TracingConfiguration", Map.of("Enabled", true)));
        synth.assertions().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ExecutionsFailed", "Namespace", "AWS/States"));
    }

    @Test
    void registryStorageIsRecoverableEncryptedAndPrivate() {
        synth.assertions().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE"))));
        synth.assertions().hasResourceProperties("AWS::S3::Bucket", Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "zoo-bucket/")),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        synth.assertions().hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        synth.assertions().hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Match.objectLike(
                Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void cdkNagAwsSolutionsHasNoUnsuppressedErrorAndEverySuppressionHasAReason() throws IOException {
        assertThat(synth.result().nagErrors()).isEmpty();
        Path report = synth.result().assemblyDirectory().resolve("AwsSolutions-SaturdayZooStack-NagReport.csv");
        List<String> rows = Files.readAllLines(report);
        assertThat(rows).hasSizeGreaterThan(50);
        assertThat(rows).noneMatch(r -> r.contains("\"Non-Compliant\""));
        assertThat(rows).filteredOn(r -> r.contains("\"Suppressed\""))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.split("\",\"")[3]).hasSizeGreaterThan(20));
    }

    // ---- template walking ----

    private static List<JsonNode> all(String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        return found;
    }

    /** The resources of {@code type} whose property at {@code dotted} (e.g. "ComputeResources.Type") is {@code value}. */
    private static List<JsonNode> all(String type, String dotted, String value) {
        String pointer = "/Properties/" + dotted.replace('.', '/');
        return all(type).stream().filter(r -> r.at(pointer).asText().equals(value)).toList();
    }

    private static JsonNode only(String type, String dotted, String value) {
        List<JsonNode> found = all(type, dotted, value);
        assertThat(found).as(type + " with " + dotted + " " + value).hasSize(1);
        return found.get(0);
    }

    private static JsonNode only(String type) {
        List<JsonNode> found = all(type);
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    private static String logicalIdOf(JsonNode resource) {
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue() == resource) {
                return e.getKey();
            }
        }
        throw new AssertionError("not a resource of the template");
    }

    private static String logicalIdOf(String type) {
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("Type").asText().equals(type)) {
                return e.getKey();
            }
        }
        throw new AssertionError("no " + type);
    }

    private static String roleOfFunction(String name) {
        for (JsonNode r : all("AWS::Lambda::Function")) {
            if (r.at("/Metadata/saturdayzoo:local-arn").asText().equals("arn:aws:lambda:::function:" + name)) {
                return r.at("/Properties/Role/Fn::GetAtt/0").asText();
            }
        }
        throw new AssertionError("no function " + name);
    }

    /** Every action granted to a role by inline policies on the role and by AWS::IAM::Policy resources. */
    private static Set<String> actionsOfRole(String roleLogicalId) {
        Set<String> actions = new TreeSet<>();
        statementsOfRole(roleLogicalId).forEach(s -> {
            JsonNode action = s.get("Action");
            if (action.isArray()) {
                action.forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(action.asText());
            }
        });
        return actions;
    }

    private static List<String> resourcesOfRole(String roleLogicalId) {
        List<String> out = new ArrayList<>();
        statementsOfRole(roleLogicalId).forEach(s -> {
            JsonNode resource = s.get("Resource");
            if (resource.isArray()) {
                resource.forEach(r -> out.add(r.toString()));
            } else {
                out.add(resource.toString());
            }
        });
        return out;
    }

    private static List<JsonNode> statementsOfRole(String roleLogicalId) {
        List<JsonNode> statements = new ArrayList<>();
        resources.get(roleLogicalId).at("/Properties/Policies")
                .forEach(p -> p.at("/PolicyDocument/Statement").forEach(statements::add));
        for (JsonNode policy : all("AWS::IAM::Policy")) {
            boolean attached = false;
            for (JsonNode role : policy.at("/Properties/Roles")) {
                attached |= roleLogicalId.equals(role.path("Ref").asText());
            }
            if (attached) {
                policy.at("/Properties/PolicyDocument/Statement").forEach(s -> {
                    assertThat(s.get("Effect").asText()).isEqualTo("Allow");
                    statements.add(s);
                });
            }
        }
        return statements;
    }
}
