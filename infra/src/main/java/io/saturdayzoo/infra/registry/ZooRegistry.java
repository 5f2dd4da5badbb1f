package io.saturdayzoo.infra.registry;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.infra.config.SaturdaySettings;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The model registry's storage: one DynamoDB table (versions, per-spec latest record, champion pointer), one bucket
 * (datasets, trainer runs, registered artifacts, dated archive, research reports, checkpoints) and the event bus
 * registry events go to. Everything here outlives the stack (RETAIN): it is the zoo's history.
 */
public final class ZooRegistry extends Construct {

    private final Table table;
    private final Bucket bucket;
    private final EventBus eventBus;

    public ZooRegistry(Construct scope, String id, SaturdaySettings.BucketLifecycle lifecycle) {
        super(scope, id);

        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(RegistryTables.PK).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(RegistryTables.SK).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // ACLs stay disabled (bucket owner enforced): S3 delivers the access logs under the bucket policy CDK writes
        // for the zoo bucket as source (feature flag @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy in cdk.json).
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagSuppressions.addResourceSuppressions(accessLogs, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason("This bucket is the destination of the zoo bucket's server access logs; logging it into "
                        + "itself would loop.")
                .build()));

        // S3-managed keys: Lambdas and the trainer read and write artifacts without a KMS grant each.
        bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("zoo-bucket/")
                .lifecycleRules(lifecycleRules(lifecycle))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        eventBus = EventBus.Builder.create(this, "EventBus").build();
    }

    /** Run outputs and checkpoints expire; replaced versions of any object expire; registered artifacts stay. */
    private static List<LifecycleRule> lifecycleRules(SaturdaySettings.BucketLifecycle lifecycle) {
        return List.of(
                LifecycleRule.builder().id("ExpireRuns").prefix(ArtifactStore.RUNS)
                        .expiration(Duration.days(lifecycle.runsExpirationDays())).build(),
                LifecycleRule.builder().id("ExpireCheckpoints").prefix(ArtifactStore.CHECKPOINTS)
                        .expiration(Duration.days(lifecycle.checkpointsExpirationDays())).build(),
                LifecycleRule.builder().id("ExpireNoncurrentVersions")
                        .noncurrentVersionExpiration(Duration.days(lifecycle.noncurrentVersionExpirationDays()))
                        .build());
    }

    public Table table() {
        return table;
    }

    public Bucket bucket() {
        return bucket;
    }

    public EventBus eventBus() {
        return eventBus;
    }
}
