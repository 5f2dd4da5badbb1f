package io.saturdayzoo.infra.registry;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
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
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The model registry's storage: one DynamoDB table (versions, per-spec latest record, champion pointer), one bucket
 * (datasets, trainer runs, registered artifacts, dated archive, research reports, checkpoints) and the event bus
 * registry events go to. Everything here outlives the stack (RETAIN): it is the zoo's history.
 */
public final class ZooRegistry extends Construct {

    /** Generic single-table keys: core.registry lays out versions, latest records and champion pointers on them. */
    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";

    private final Table table;
    private final Bucket bucket;
    private final EventBus eventBus;

    public ZooRegistry(Construct scope, String id) {
        super(scope, id);

        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
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
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        eventBus = EventBus.Builder.create(this, "EventBus").build();
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
