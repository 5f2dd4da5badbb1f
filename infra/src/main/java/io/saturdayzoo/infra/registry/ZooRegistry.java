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
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The model registry's storage: one DynamoDB table (versions, per-spec latest record, champion pointer), one bucket
 * (datasets, trainer runs, registered artifacts, dated archive, research reports, checkpoints) and the event bus
 * registry events go to. Everything here outlives the stack (RETAIN): it is the zoo's history.
 *
 * <p>Who may touch what is granted here, by intent ({@code grantRegistryWrite}, {@code grantRunOutputs}, ...), on
 * CDK's own table, bucket and event bus grants, each scoped to the key prefixes {@link ArtifactStore} owns.
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

    /** Read every registry item (versions, latest records, pointers, shadow scores); no write. */
    public void grantRegistryRead(IGrantable reader) {
        table.grantReadData(reader);
    }

    /**
     * A registry writer: reads, and the item writes the registry's transactions are made of (Put, Update;
     * ConditionCheck comes with the read grant); never a delete. Announcing what changed goes with writing it.
     */
    public void grantRegistryWrite(IGrantable writer) {
        table.grantReadData(writer);
        // Not Table.grantWriteData: it adds DeleteItem and BatchWriteItem, and the registry never deletes.
        table.grant(writer, "dynamodb:PutItem", "dynamodb:UpdateItem");
        eventBus.grantPutEventsTo(writer);
    }

    /**
     * Closing a ledger allocation (settle or release): read it, then update it and its period's budget row in one
     * transaction; no put, no delete, no event.
     */
    public void grantLedgerClose(IGrantable closer) {
        // No CDK table grant is this narrow (grantReadWriteData also scans, puts and deletes).
        table.grant(closer, "dynamodb:GetItem", "dynamodb:UpdateItem");
    }

    /** New items only (shadow scores, each put only if absent): no read, no update, no delete. */
    public void grantNewItemPuts(IGrantable writer) {
        // No CDK table grant is this narrow (grantWriteData also updates and deletes).
        table.grant(writer, "dynamodb:PutItem");
    }

    /**
     * A trainer's own outputs: put under runs/ and checkpoints/, and read its checkpoints back to resume. IAM cannot
     * pin the execution segment of runs/{execution}/, so this reaches every run's outputs, never models/ or archive/.
     */
    public void grantRunOutputs(IGrantable trainer) {
        bucket.grantPut(trainer, ArtifactStore.RUNS + "*");
        bucket.grantRead(trainer, ArtifactStore.CHECKPOINTS + "*");
        bucket.grantPut(trainer, ArtifactStore.CHECKPOINTS + "*");
    }

    /** Read what training runs wrote under runs/ (their manifests, models and out-of-fold predictions). */
    public void grantRunOutputsRead(IGrantable reader) {
        bucket.grantRead(reader, ArtifactStore.RUNS + "*");
    }

    /** Read registered versions' artifacts under models/. */
    public void grantModelsRead(IGrantable reader) {
        bucket.grantRead(reader, ArtifactStore.MODELS + "*");
    }

    /** Publish a registered version's artifacts: put under models/ and the dated archive/; no delete. */
    public void grantArtifactPublish(IGrantable registrar) {
        bucket.grantPut(registrar, ArtifactStore.MODELS + "*");
        bucket.grantPut(registrar, ArtifactStore.ARCHIVE + "*");
    }

    /** Read research and backtest reports under research/. */
    public void grantResearchReportsRead(IGrantable reader) {
        bucket.grantRead(reader, ArtifactStore.RESEARCH + "*");
    }

    /** Write research and backtest reports under research/, and nothing else. */
    public void grantResearchReportsWrite(IGrantable writer) {
        bucket.grantPut(writer, ArtifactStore.RESEARCH + "*");
    }

    /** Read the whole bucket (Preflight's reachability and artifact checks); no write. */
    public void grantBucketRead(IGrantable reader) {
        bucket.grantRead(reader);
    }

    /**
     * Read the datasets kept inside the zoo bucket, when {@code dataPrefix} is a key prefix; s3:// locations are
     * other buckets, granted per dataset (data.ZooDatasets).
     */
    public void grantZooBucketDatasetsRead(IGrantable reader, String dataPrefix) {
        if (!dataPrefix.startsWith("s3://")) {
            bucket.grantRead(reader, dataPrefix + "*");
        }
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
